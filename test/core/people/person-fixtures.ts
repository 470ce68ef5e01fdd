import type { PersonDetails } from '../../../core/people/person.js';

export const braund: PersonDetails = {
  survived: false,
  passengerClass: 3,
  name: 'Mr. Owen Harris Braund',
  sex: 'male',
  age: 22,
  siblingsOrSpousesAboard: 1,
  parentsOrChildrenAboard: 0,
  fare: 7.25,
};
