import { Student } from '../modules/students/student.entity';
import { LearningSession } from '../modules/learning/learning-session.entity';
import { User } from '../modules/accounts/user.entity';
import { UserSession } from '../modules/accounts/user-session.entity';

/** Every entity of the data model: the DataSource, the loaders and the audit all start from this list. */
export const ENTITIES = [User, UserSession, Student, LearningSession];
