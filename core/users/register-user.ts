import type { Clock } from '../shared/clock.js';
import { presentIssues } from '../shared/field-rules.js';
import type { IdGenerator } from '../shared/id-generator.js';
import { ValidationError } from '../shared/validation-error.js';
import type { User } from './user.js';
import type { UserRepository } from './user-repository.js';
import { checkEmail, checkUsername } from './user-rules.js';

export interface RegisterUserInput {
  readonly username: string;
  readonly email: string;
}

export class RegisterUser {
  constructor(
    private readonly users: UserRepository,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(input: RegisterUserInput): Promise<User> {
    const issues = presentIssues(checkUsername(input.username), checkEmail(input.email));
    if (issues.length > 0) throw new ValidationError(issues);
    const user: User = {
      id: this.ids.next(),
      username: input.username.toLowerCase(),
      email: input.email,
      createdAt: this.clock.now(),
    };
    await this.users.add(user);
    return user;
  }
}
