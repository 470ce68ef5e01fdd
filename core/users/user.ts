export interface User {
  readonly id: string;
  /** Always lower case: usernames are unique ignoring case. */
  readonly username: string;
  /** As the user typed it; uniqueness ignores case. */
  readonly email: string;
  readonly createdAt: Date;
}
