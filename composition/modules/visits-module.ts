import { ContainerModule } from 'inversify';
import { DEFAULT_DATABASE_TIMEOUTS } from '../../adapters/persistence/database-config.js';
import { MikroOrmVisitRepository } from '../../adapters/persistence/mikro-orm-visit-repository.js';
import { CLOCK, type Clock } from '../../core/shared/clock.js';
import { GetVisitHistory } from '../../core/visits/get-visit-history.js';
import { GetVisitStatistics } from '../../core/visits/get-visit-statistics.js';
import { RecordVisit } from '../../core/visits/record-visit.js';
import { VISIT_REPOSITORY, type VisitRepository } from '../../core/visits/visit-repository.js';
import { VISITOR_HASH } from '../../core/visits/visitor-hash.js';
import type { Config } from '../config.js';
import { CONFIG } from '../tokens.js';
import { bindPersistencePort } from './bind-persistence-port.js';
import { bindUseCase } from './bind-use-case.js';

/**
 * How long after midnight yesterday's counts may still change (GetVisitHistory): a visit may wait behind a batch
 * in flight, then run in its own, then alone again if that batch failed, each up to a connection wait plus the
 * statement timeout (+0.5 s, database.ts). Embedded PostgreSQL has no timeouts; the defaults stand in. A minute
 * at least: past it, the home page reads its chart's past days once a day instead of on every visit.
 */
function settleMs(config: Config): number {
  const timeouts = config.database.kind === 'server' ? config.database.timeouts : undefined;
  const connectMs = timeouts?.connectMs ?? DEFAULT_DATABASE_TIMEOUTS.connectMs;
  const statementMs = timeouts?.statementMs ?? DEFAULT_DATABASE_TIMEOUTS.statementMs;
  return Math.max(60_000, 3 * (connectMs + statementMs + 500));
}

export const visitsModule = new ContainerModule(({ bind }) => {
  bindPersistencePort<VisitRepository>(bind, VISIT_REPOSITORY, MikroOrmVisitRepository);
  bindUseCase(bind, RecordVisit, [VISIT_REPOSITORY, CLOCK, VISITOR_HASH]);
  bindUseCase(bind, GetVisitStatistics, [VISIT_REPOSITORY, CLOCK]);
  bind(GetVisitHistory).toResolvedValue(
    (visits: VisitRepository, clock: Clock, config: Config) => new GetVisitHistory(visits, clock, settleMs(config)),
    [VISIT_REPOSITORY, CLOCK, CONFIG],
  );
});
