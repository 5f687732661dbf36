import type { GraphQLBody } from './load';
import { ADMIN_LIST_PAGE, NOW, RELATION_FILTER_NAME, WEEK_END, WEEK_START, type BenchQuery } from './queries';

// The bench's screens written in PostGraphile v5's schema (amber preset + connection filter):
// `allBookings`, `userByRowId`, `bookingsByStudentId`, `rowId` for the primary key... Aliases
// give every field the name the API uses, so that the same-data check only has to normalise
// values (normalizeData, test/bench/postgraphile-run.ts). PostGraphile runs as the database owner
// without our row policies: where a screen hangs off the signed-in viewer (`me`), the document
// starts from the viewer's user id, passed as a variable, and adds the conditions the policies
// would add where PostGraphile's schema can express them.

/** The viewer ids the PostGraphile documents need (users.id of the demo accounts). */
export type ViewerUserIds = Record<BenchQuery['viewer'], number>;

const TEACHER_WEEK = `
query TeacherWeek($viewer: Int!, $from: Datetime!, $to: Datetime!) {
  me: userByRowId(rowId: $viewer) {
    id: rowId
    firstName
    lastName
    teacher: teacherByUserId {
      id: rowId
      availabilities: availabilitiesByTeacherId(first: 50, filter: { startTime: { greaterThanOrEqualTo: $from, lessThan: $to } }, orderBy: [START_TIME_ASC, PRIMARY_KEY_ASC]) {
        nodes {
          id: rowId
          startTime
          endTime
          isBooked
          isForInPerson
          bookings: bookingsByAvailabilityId(first: 5, orderBy: [START_TIME_ASC, PRIMARY_KEY_ASC]) {
            nodes {
              id: rowId
              startTime
              endTime
              status
              subject
              topic
              format
              student: studentByStudentId { id: rowId fullName gradeLevel }
              location: locationByLocationId { id: rowId name address }
            }
          }
        }
      }
    }
  }
}`;

// The API hides assessments without can_view_grades and reports without can_receive_reports
// (its row policies): the document adds the same conditions as relation filters.
const PARENT_DASHBOARD = `
query ParentDashboard($viewer: Int!, $now: Datetime!) {
  me: userByRowId(rowId: $viewer) {
    id: rowId
    firstName
    lastName
    childRelations: parentChildRelationsByParentUserId(first: 10, orderBy: [PRIMARY_KEY_ASC]) {
      nodes {
        id: rowId
        relationType
        canViewGrades
        canReceiveReports
        childUser: userByChildUserId {
          id: rowId
          firstName
          student: studentByUserId {
            id: rowId
            fullName
            gradeLevel
            bookings: bookingsByStudentId(first: 5, filter: { startTime: { greaterThanOrEqualTo: $now } }, orderBy: [START_TIME_ASC, PRIMARY_KEY_ASC]) {
              nodes { id: rowId startTime endTime subject status format teacher: teacherByTeacherId { id: rowId firstName lastName } }
            }
            individualSessions: individualSessionsByStudentId(first: 5, filter: { scheduledAt: { greaterThanOrEqualTo: $now } }, orderBy: [SCHEDULED_AT_ASC, PRIMARY_KEY_ASC]) {
              nodes { id: rowId scheduledAt durationMinutes subject status }
            }
            assessments: assessmentsByStudentId(first: 5, filter: { studentByStudentId: { userByUserId: { parentChildRelationsByChildUserId: { some: { parentUserId: { equalTo: $viewer }, canViewGrades: { equalTo: true } } } } } }, orderBy: [CREATED_AT_DESC, PRIMARY_KEY_DESC]) {
              nodes { id: rowId title subject assessmentType score isCompleted completedAt }
            }
            weeklyReports: weeklyReportsByStudentId(first: 4, filter: { studentByStudentId: { userByUserId: { parentChildRelationsByChildUserId: { some: { parentUserId: { equalTo: $viewer }, canReceiveReports: { equalTo: true } } } } } }, orderBy: [WEEK_START_DATE_DESC, PRIMARY_KEY_DESC]) {
              nodes { id: rowId weekStartDate weekEndDate isSentToParents ariaInsights }
            }
          }
        }
      }
    }
  }
}`;

const STUDENT_DASHBOARD = `
query StudentDashboard($viewer: Int!, $now: Datetime!) {
  me: userByRowId(rowId: $viewer) {
    id: rowId
    firstName
    student: studentByUserId {
      id: rowId
      fullName
      gradeLevel
      bookings: bookingsByStudentId(first: 5, filter: { startTime: { greaterThanOrEqualTo: $now } }, orderBy: [START_TIME_ASC, PRIMARY_KEY_ASC]) {
        nodes {
          id: rowId startTime endTime subject status format
          teacher: teacherByTeacherId { id: rowId firstName lastName }
          location: locationByLocationId { id: rowId name }
        }
      }
      enrollments: enrollmentsByStudentId(first: 10, filter: { isActive: { equalTo: true } }, orderBy: [PRIMARY_KEY_ASC]) {
        nodes {
          id: rowId
          startDate
          preferredFormat
          group: groupByGroupId { id: rowId name subject schedule }
          formula: formulaByFormulaId { id: rowId name type priceDt hoursPerMonth }
        }
      }
      studentObjectives: studentObjectivesByStudentId(first: 10, orderBy: [TARGET_DATE_ASC, PRIMARY_KEY_ASC]) {
        nodes { id: rowId subject objectiveText targetDate progressPercentage isAchieved }
      }
      ariaInteractions: ariaInteractionsByStudentId(first: 5, orderBy: [CREATED_AT_DESC, PRIMARY_KEY_DESC]) {
        nodes { id: rowId interactionType userInput ariaResponse createdAt }
      }
    }
  }
}`;

const ADMIN_BOOKINGS = `
query AdminBookings($first: Int!, $after: Cursor, $filter: BookingFilter) {
  bookings: allBookings(first: $first, after: $after, filter: $filter, orderBy: [START_TIME_ASC, PRIMARY_KEY_ASC]) {
    nodes {
      id: rowId
      startTime
      endTime
      status
      subject
      format
      student: studentByStudentId { id: rowId fullName }
      teacher: teacherByTeacherId { id: rowId firstName lastName }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The cursor of one booking in the admin list's order: where PostGraphile's deep page starts. */
export const ADMIN_BOOKING_CURSOR = `
query AdminBookingCursor($filter: BookingFilter) {
  allBookings(first: 1, filter: $filter, orderBy: [START_TIME_ASC, PRIMARY_KEY_ASC]) { edges { cursor } }
}`;

export const ADMIN_FILTER = { status: { equalTo: 'confirmed' }, startTime: { greaterThanOrEqualTo: NOW } };

const NESTED_TEACHERS = `
query TeachersWithBookings {
  teachers: allTeachers(first: 50, orderBy: [PRIMARY_KEY_ASC]) {
    nodes {
      id: rowId
      firstName
      lastName
      bookings: bookingsByTeacherId(first: 5, orderBy: [PRIMARY_KEY_ASC]) {
        nodes {
          id: rowId
          startTime
          status
          student: studentByStudentId { id: rowId fullName }
          location: locationByLocationId { id: rowId name }
        }
      }
    }
  }
}`;

const TEACHERS_SLOTS_BOOKINGS = `
query TeachersSlotsBookings {
  teachers: allTeachers(first: 50, orderBy: [PRIMARY_KEY_ASC]) {
    nodes {
      id: rowId
      firstName
      lastName
      availabilities: availabilitiesByTeacherId(first: 10, orderBy: [START_TIME_ASC, PRIMARY_KEY_ASC]) {
        nodes {
          id: rowId
          startTime
          endTime
          isBooked
          bookings: bookingsByAvailabilityId(first: 2, orderBy: [START_TIME_ASC, PRIMARY_KEY_ASC]) {
            nodes { id: rowId startTime status }
          }
        }
      }
      bookings: bookingsByTeacherId(first: 10, orderBy: [START_TIME_ASC, PRIMARY_KEY_ASC]) {
        nodes {
          id: rowId
          startTime
          status
          subject
          student: studentByStudentId { id: rowId fullName }
          location: locationByLocationId { id: rowId name }
        }
      }
    }
  }
}`;

const STUDENTS_RELATIONSHIPS = `
query StudentsRelationships {
  students: allStudents(first: 50, orderBy: [PRIMARY_KEY_ASC]) {
    nodes {
      id: rowId
      fullName
      gradeLevel
      bookings: bookingsByStudentId(first: 5, orderBy: [START_TIME_ASC, PRIMARY_KEY_ASC]) {
        nodes { id: rowId startTime status teacher: teacherByTeacherId { id: rowId firstName lastName } }
      }
      enrollments: enrollmentsByStudentId(first: 5, orderBy: [PRIMARY_KEY_ASC]) {
        nodes { id: rowId startDate isActive group: groupByGroupId { id: rowId name subject } }
      }
      weeklyReports: weeklyReportsByStudentId(first: 5, orderBy: [WEEK_START_DATE_DESC, PRIMARY_KEY_DESC]) {
        nodes { id: rowId weekStartDate weekEndDate isSentToParents }
      }
      studentObjectives: studentObjectivesByStudentId(first: 5, orderBy: [PRIMARY_KEY_ASC]) {
        nodes { id: rowId subject targetDate progressPercentage isAchieved }
      }
    }
  }
}`;

const BOOKINGS_FLAT = `
query BookingsFlat {
  bookings: allBookings(first: 100, orderBy: [PRIMARY_KEY_ASC]) {
    nodes {
      id: rowId
      startTime
      endTime
      status
      subject
      student: studentByStudentId { id: rowId fullName }
      teacher: teacherByTeacherId { id: rowId firstName lastName }
    }
  }
}`;

// ag with @graphile/pg-aggregates 0.2 (its v5 release): its aggregates have no `count`, so the
// document asks for `totalCount` and, per group, the distinct count of the primary key (the
// number of rows of the group); `average` is the API's `avg`. reshapeAggregates
// (test/bench/postgraphile-run.ts) puts them where the API answers them.
const ADMIN_INSIGHTS = `
query AdminInsights {
  bookings: allBookings {
    totalCount
    aggregates { distinctCount { studentId } }
    groupedAggregates(groupBy: [START_TIME_TRUNCATED_TO_MONTH]) { keys distinctCount { rowId } sum { durationMinutes } }
  }
  teachers: allTeachers(first: 20, orderBy: [PRIMARY_KEY_ASC]) {
    nodes {
      id: rowId
      lastName
      bookings: bookingsByTeacherId { groupedAggregates(groupBy: [STATUS]) { keys distinctCount { rowId } } }
    }
  }
  formulas: allFormulas { groupedAggregates(groupBy: [TYPE]) { keys distinctCount { rowId } average { priceDt } } }
}`;

// rf with the connection filter's relation filters (connectionFilterRelations): to-one
// `studentByStudentId`, to-many `bookingsByTeacherId: { some }`; the API's case-insensitive
// `contains` is `includesInsensitive` there.
const ADMIN_RELATION_FILTERS = `
query AdminRelationFilters($name: String!) {
  bookings: allBookings(first: 50, filter: { studentByStudentId: { fullName: { includesInsensitive: $name } }, status: { equalTo: "confirmed" } }, orderBy: [PRIMARY_KEY_ASC]) {
    nodes {
      id: rowId
      startTime
      status
      subject
      student: studentByStudentId { id: rowId fullName }
      teacher: teacherByTeacherId { id: rowId firstName lastName }
    }
  }
  teachers: allTeachers(first: 20, filter: { bookingsByTeacherId: { some: { status: { equalTo: "no_show" } } } }, orderBy: [PRIMARY_KEY_ASC]) {
    nodes { id: rowId firstName lastName }
  }
}`;

const DOCUMENTS: Record<string, string> = {
  a: TEACHER_WEEK,
  b: PARENT_DASHBOARD,
  c: STUDENT_DASHBOARD,
  d1: ADMIN_BOOKINGS,
  d2: ADMIN_BOOKINGS,
  e: NESTED_TEACHERS,
  f: TEACHERS_SLOTS_BOOKINGS,
  g: STUDENTS_RELATIONSHIPS,
  h: BOOKINGS_FLAT,
  ag: ADMIN_INSIGHTS,
  rf: ADMIN_RELATION_FILTERS,
};

/**
 * PostGraphile's request body for one screen of the suite, or null when PostGraphile and its
 * plugins cannot express the screen (the bench then reports "n/a: no plugin" for it). `viewers`
 * gives the user id of each demo account; `deepCursor` is PostGraphile's own cursor for d2 (see
 * ADMIN_BOOKING_CURSOR).
 */
export function postgraphileBody(query: BenchQuery, viewers: ViewerUserIds, deepCursor: string | null): GraphQLBody | null {
  const document = DOCUMENTS[query.id];
  if (document === undefined) return null;
  const viewer = viewers[query.viewer];
  const variables: Record<string, Record<string, unknown>> = {
    a: { viewer, from: WEEK_START, to: WEEK_END },
    b: { viewer, now: NOW },
    c: { viewer, now: NOW },
    d1: { first: ADMIN_LIST_PAGE, after: null, filter: ADMIN_FILTER },
    d2: { first: ADMIN_LIST_PAGE, after: deepCursor, filter: ADMIN_FILTER },
    rf: { name: RELATION_FILTER_NAME },
  };
  return { operationName: query.operationName, query: document, variables: variables[query.id] ?? {} };
}
