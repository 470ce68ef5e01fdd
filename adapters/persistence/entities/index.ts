import { PersonEntity } from './person-entity.js';
import { SubmissionEntity } from './submission-entity.js';
import { UserEntity } from './user-entity.js';
import { VisitCounterEntity, VisitEntity, VisitorDayEntity, VisitorEntity } from './visit-entities.js';

export const entities = [UserEntity, SubmissionEntity, VisitEntity, VisitorEntity, VisitorDayEntity, VisitCounterEntity, PersonEntity];
