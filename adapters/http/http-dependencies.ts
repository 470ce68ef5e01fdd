import type { ListSubmissions } from '../../core/forms/list-submissions.js';
import type { CreatePerson } from '../../core/people/create-person.js';
import type { DeletePerson } from '../../core/people/delete-person.js';
import type { GetPerson } from '../../core/people/get-person.js';
import type { ListPeople } from '../../core/people/list-people.js';
import type { UpdatePerson } from '../../core/people/update-person.js';
import type { SubmitForm } from '../../core/forms/submit-form.js';
import type { GetUser } from '../../core/users/get-user.js';
import type { ListUsers } from '../../core/users/list-users.js';
import type { RegisterUser } from '../../core/users/register-user.js';
import type { GetVisitHistory } from '../../core/visits/get-visit-history.js';
import type { GetVisitStatistics } from '../../core/visits/get-visit-statistics.js';
import type { RecordVisit } from '../../core/visits/record-visit.js';
import type { ShutdownState } from './shutdown-state.js';

/** What the database offers the HTTP layer: a context per request and the facts readiness needs. */
export interface HttpDatabase {
  inContext<T>(work: () => T): T;
  ping(): Promise<void>;
  pendingMigrations(): Promise<string[]>;
  /** The connection pool's use for the metrics, or undefined where there is no pool (the embedded database). */
  poolUse(): Promise<PoolUse | undefined>;
}

export interface PoolUse {
  readonly total: number;
  readonly idle: number;
  /** Queries queued for a connection: above 0 for long means the pool is too small or the database too slow. */
  readonly waiting: number;
}

export interface HttpSettings {
  readonly logLevel: string;
  readonly trustProxy: boolean | number | string;
  readonly owner: { readonly name: string; readonly url?: string };
  readonly version: { readonly version: string; readonly build: string; readonly commit: string };
  readonly adminToken?: string;
  readonly readinessTimeoutMs: number;
  readonly bodyLimitBytes: number;
  readonly rateLimitWritesPerMinute: number;
  readonly logFormat: 'json' | 'pretty';
}

/** Everything the HTTP adapter is given by the composition root; it creates none of it itself. */
export interface HttpDependencies {
  readonly settings: HttpSettings;
  readonly database: HttpDatabase;
  readonly shutdown: ShutdownState;
  readonly registerUser: RegisterUser;
  readonly listUsers: ListUsers;
  readonly getUser: GetUser;
  readonly recordVisit: RecordVisit;
  readonly getVisitStatistics: GetVisitStatistics;
  readonly getVisitHistory: GetVisitHistory;
  readonly submitForm: SubmitForm;
  readonly listSubmissions: ListSubmissions;
  readonly listPeople: ListPeople;
  readonly createPerson: CreatePerson;
  readonly getPerson: GetPerson;
  readonly updatePerson: UpdatePerson;
  readonly deletePerson: DeletePerson;
}
