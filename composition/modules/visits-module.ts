import { ContainerModule } from 'inversify';
import { MikroOrmVisitRepository } from '../../adapters/persistence/mikro-orm-visit-repository.js';
import { CLOCK } from '../../core/shared/clock.js';
import { GetVisitHistory } from '../../core/visits/get-visit-history.js';
import { GetVisitStatistics } from '../../core/visits/get-visit-statistics.js';
import { RecordVisit } from '../../core/visits/record-visit.js';
import { VISIT_REPOSITORY, type VisitRepository } from '../../core/visits/visit-repository.js';
import { VISITOR_HASH } from '../../core/visits/visitor-hash.js';
import { bindPersistencePort } from './bind-persistence-port.js';
import { bindUseCase } from './bind-use-case.js';

export const visitsModule = new ContainerModule(({ bind }) => {
  bindPersistencePort<VisitRepository>(bind, VISIT_REPOSITORY, MikroOrmVisitRepository);
  bindUseCase(bind, RecordVisit, [VISIT_REPOSITORY, CLOCK, VISITOR_HASH]);
  bindUseCase(bind, GetVisitStatistics, [VISIT_REPOSITORY, CLOCK]);
  bindUseCase(bind, GetVisitHistory, [VISIT_REPOSITORY, CLOCK]);
});
