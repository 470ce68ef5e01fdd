import type { Container } from 'inversify';
import type { HttpDependencies } from '../adapters/http/http-dependencies.js';
import type { ShutdownState } from '../adapters/http/shutdown-state.js';
import type { Database } from '../adapters/persistence/database.js';
import { ListSubmissions } from '../core/forms/list-submissions.js';
import { SubmitForm } from '../core/forms/submit-form.js';
import { CreatePerson } from '../core/people/create-person.js';
import { DeletePerson } from '../core/people/delete-person.js';
import { GetPerson } from '../core/people/get-person.js';
import { ListPeople } from '../core/people/list-people.js';
import { UpdatePerson } from '../core/people/update-person.js';
import { GetUser } from '../core/users/get-user.js';
import { ListUsers } from '../core/users/list-users.js';
import { RegisterUser } from '../core/users/register-user.js';
import { GetVisitHistory } from '../core/visits/get-visit-history.js';
import { GetVisitStatistics } from '../core/visits/get-visit-statistics.js';
import { RecordVisit } from '../core/visits/record-visit.js';
import type { Config } from './config.js';
import { DATABASE } from './tokens.js';

/** Resolves what the HTTP adapter needs from the container, for `tally serve` and for tests alike. */
export function httpDependencies(container: Container, config: Config, shutdown: ShutdownState): HttpDependencies {
  return {
    settings: {
      logLevel: config.logLevel,
      trustProxy: config.http.trustProxy,
      owner: config.owner,
      version: config.version,
      ...(config.adminToken ? { adminToken: config.adminToken } : {}),
      ...config.operations,
    },
    database: container.get<Database>(DATABASE),
    shutdown,
    registerUser: container.get(RegisterUser),
    listUsers: container.get(ListUsers),
    getUser: container.get(GetUser),
    recordVisit: container.get(RecordVisit),
    getVisitStatistics: container.get(GetVisitStatistics),
    getVisitHistory: container.get(GetVisitHistory),
    submitForm: container.get(SubmitForm),
    listSubmissions: container.get(ListSubmissions),
    listPeople: container.get(ListPeople),
    createPerson: container.get(CreatePerson),
    getPerson: container.get(GetPerson),
    updatePerson: container.get(UpdatePerson),
    deletePerson: container.get(DeletePerson),
  };
}
