import { User } from '../modules/accounts/user.entity';
import { UserSession } from '../modules/accounts/user-session.entity';
import { Formula } from '../modules/catalog/formula.entity';
import { Location } from '../modules/catalog/location.entity';
import { ParentChildRelation } from '../modules/families/parent-child-relation.entity';
import { ParentCommunication } from '../modules/follow-up/parent-communication.entity';
import { StudentObjective } from '../modules/follow-up/student-objective.entity';
import { WeeklyReport } from '../modules/follow-up/weekly-report.entity';
import { Enrollment } from '../modules/groups/enrollment.entity';
import { GroupSession } from '../modules/groups/group-session.entity';
import { Group } from '../modules/groups/group.entity';
import { SessionAttendance } from '../modules/groups/session-attendance.entity';
import { ARIAInteraction } from '../modules/learning/aria-interaction.entity';
import { Assessment } from '../modules/learning/assessment.entity';
import { LearningSession } from '../modules/learning/learning-session.entity';
import { AdminProfile } from '../modules/profiles/admin-profile.entity';
import { ParentProfile } from '../modules/profiles/parent-profile.entity';
import { StudentProfile } from '../modules/profiles/student-profile.entity';
import { TeacherProfile } from '../modules/profiles/teacher-profile.entity';
import { Availability } from '../modules/scheduling/availability.entity';
import { Booking } from '../modules/scheduling/booking.entity';
import { IndividualSession } from '../modules/scheduling/individual-session.entity';
import { SessionReport } from '../modules/scheduling/session-report.entity';
import { Student } from '../modules/students/student.entity';
import { Teacher } from '../modules/teachers/teacher.entity';

/** Every entity of the data model: the DataSource, the loaders and the audit all start from this list. */
// In the order of the audit's report.
export const ENTITIES = [
  Student,
  LearningSession,
  Assessment,
  ARIAInteraction,
  User,
  StudentProfile,
  ParentProfile,
  TeacherProfile,
  AdminProfile,
  UserSession,
  ParentChildRelation,
  Formula,
  Location,
  Availability,
  Booking,
  SessionReport,
  Group,
  Teacher,
  Enrollment,
  IndividualSession,
  GroupSession,
  SessionAttendance,
  WeeklyReport,
  ParentCommunication,
  StudentObjective,
];
