import { ContainerModule } from 'inversify';
import { MikroOrmSubmissionRepository } from '../../adapters/persistence/mikro-orm-submission-repository.js';
import { ListSubmissions } from '../../core/forms/list-submissions.js';
import { SUBMISSION_REPOSITORY, type SubmissionRepository } from '../../core/forms/submission-repository.js';
import { SubmitForm } from '../../core/forms/submit-form.js';
import { CLOCK } from '../../core/shared/clock.js';
import { ID_GENERATOR } from '../../core/shared/id-generator.js';
import { bindUseCase } from './bind-use-case.js';

export const formsModule = new ContainerModule(({ bind }) => {
  bind<SubmissionRepository>(SUBMISSION_REPOSITORY).to(MikroOrmSubmissionRepository);
  bindUseCase(bind, SubmitForm, [SUBMISSION_REPOSITORY, ID_GENERATOR, CLOCK]);
  bindUseCase(bind, ListSubmissions, [SUBMISSION_REPOSITORY]);
});
