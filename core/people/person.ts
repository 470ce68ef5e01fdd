export const SEXES = ['male', 'female', 'other'] as const;
export type Sex = (typeof SEXES)[number];

export const PASSENGER_CLASSES = [1, 2, 3] as const;
export type PassengerClass = (typeof PASSENGER_CLASSES)[number];

/** Everything a client states about a person: what create takes and what update replaces as a whole. */
export interface PersonDetails {
  readonly survived: boolean;
  readonly passengerClass: PassengerClass;
  readonly name: string;
  readonly sex: Sex;
  readonly age: number;
  readonly siblingsOrSpousesAboard: number;
  readonly parentsOrChildrenAboard: number;
  readonly fare: number;
}

/** A passenger in the Titanic file's shape; `createdAt` orders listings and never changes on update. */
export interface Person extends PersonDetails {
  readonly id: string;
  readonly createdAt: Date;
}
