import { REFERENCE } from '../../src/seed';

// The platform's screens as GraphQL operations, each with the signed-in viewer the screen has.
// Every server of the bench (the API, the API without batching, the hand-written SQL handler)
// receives exactly these request bodies and must answer with the same `data`; PostGraphile gets
// the same screens written in its own schema (test/bench/postgraphile-queries.ts).

export type ViewerRole = 'admin' | 'teacher' | 'parent' | 'student';

export interface BenchQuery {
  /** Short id used in tables: a, b, c, d1, d2, e, f, g, h, ag, rf. */
  id: string;
  title: string;
  viewer: ViewerRole;
  operationName: string;
  query: string;
  /** Filled at run time for d2 (the cursor of a page far down the list). */
  variables: Record<string, unknown>;
  /** Whether the query nests lists under lists (the batching showcase). */
  nested: boolean;
}

/** "Now" in the demo data: every date of the screens derives from it, so runs are comparable. */
export const NOW = new Date(REFERENCE).toISOString();
/** The week around REFERENCE, Monday 00:00 to Monday 00:00 in Tunis (UTC+1). */
export const WEEK_START = '2026-08-30T23:00:00.000Z';
export const WEEK_END = '2026-09-06T23:00:00.000Z';

export const ADMIN_LIST_PAGE = 20;
export const ADMIN_LIST_FILTER = { status: { eq: 'CONFIRMED' }, startTime: { gte: NOW } };

const TEACHER_WEEK = `
query TeacherWeek($from: DateTime!, $to: DateTime!) {
  me {
    id
    firstName
    lastName
    teacher {
      id
      availabilities(first: 50, filter: { startTime: { gte: $from, lt: $to } }, orderBy: [{ field: START_TIME, direction: ASC }]) {
        nodes {
          id
          startTime
          endTime
          isBooked
          isForInPerson
          bookings(first: 5, orderBy: [{ field: START_TIME, direction: ASC }]) {
            nodes {
              id
              startTime
              endTime
              status
              subject
              topic
              format
              student { id fullName gradeLevel }
              location { id name address }
            }
          }
        }
      }
    }
  }
}`;

const PARENT_DASHBOARD = `
query ParentDashboard($now: DateTime!) {
  me {
    id
    firstName
    lastName
    childRelations(first: 10, orderBy: [{ field: ID, direction: ASC }]) {
      nodes {
        id
        relationType
        canViewGrades
        canReceiveReports
        childUser {
          id
          firstName
          student {
            id
            fullName
            gradeLevel
            bookings(first: 5, filter: { startTime: { gte: $now } }, orderBy: [{ field: START_TIME, direction: ASC }]) {
              nodes { id startTime endTime subject status format teacher { id firstName lastName } }
            }
            individualSessions(first: 5, filter: { scheduledAt: { gte: $now } }, orderBy: [{ field: SCHEDULED_AT, direction: ASC }]) {
              nodes { id scheduledAt durationMinutes subject status }
            }
            assessments(first: 5, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
              nodes { id title subject assessmentType score isCompleted completedAt }
            }
            weeklyReports(first: 4, orderBy: [{ field: WEEK_START_DATE, direction: DESC }]) {
              nodes { id weekStartDate weekEndDate isSentToParents ariaInsights }
            }
          }
        }
      }
    }
  }
}`;

const STUDENT_DASHBOARD = `
query StudentDashboard($now: DateTime!) {
  me {
    id
    firstName
    student {
      id
      fullName
      gradeLevel
      bookings(first: 5, filter: { startTime: { gte: $now } }, orderBy: [{ field: START_TIME, direction: ASC }]) {
        nodes { id startTime endTime subject status format teacher { id firstName lastName } location { id name } }
      }
      enrollments(first: 10, filter: { isActive: { eq: true } }, orderBy: [{ field: ID, direction: ASC }]) {
        nodes {
          id
          startDate
          preferredFormat
          group { id name subject schedule }
          formula { id name type priceDt hoursPerMonth }
        }
      }
      studentObjectives(first: 10, orderBy: [{ field: TARGET_DATE, direction: ASC }]) {
        nodes { id subject objectiveText targetDate progressPercentage isAchieved }
      }
      ariaInteractions(first: 5, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
        nodes { id interactionType userInput ariaResponse createdAt }
      }
    }
  }
}`;

const ADMIN_BOOKINGS = `
query AdminBookings($first: Int!, $after: String, $filter: BookingFilter) {
  bookings(first: $first, after: $after, filter: $filter, orderBy: [{ field: START_TIME, direction: ASC }]) {
    nodes {
      id
      startTime
      endTime
      status
      subject
      format
      student { id fullName }
      teacher { id firstName lastName }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

const NESTED_TEACHERS = `
query TeachersWithBookings {
  teachers(first: 50) {
    nodes {
      id
      firstName
      lastName
      bookings(first: 5) {
        nodes {
          id
          startTime
          status
          student { id fullName }
          location { id name }
        }
      }
    }
  }
}`;

const TEACHERS_SLOTS_BOOKINGS = `
query TeachersSlotsBookings {
  teachers(first: 50, orderBy: [{ field: ID, direction: ASC }]) {
    nodes {
      id
      firstName
      lastName
      availabilities(first: 10, orderBy: [{ field: START_TIME, direction: ASC }]) {
        nodes {
          id
          startTime
          endTime
          isBooked
          bookings(first: 2, orderBy: [{ field: START_TIME, direction: ASC }]) {
            nodes { id startTime status }
          }
        }
      }
      bookings(first: 10, orderBy: [{ field: START_TIME, direction: ASC }]) {
        nodes {
          id
          startTime
          status
          subject
          student { id fullName }
          location { id name }
        }
      }
    }
  }
}`;

const STUDENTS_RELATIONSHIPS = `
query StudentsRelationships {
  students(first: 50, orderBy: [{ field: ID, direction: ASC }]) {
    nodes {
      id
      fullName
      gradeLevel
      bookings(first: 5, orderBy: [{ field: START_TIME, direction: ASC }]) {
        nodes { id startTime status teacher { id firstName lastName } }
      }
      enrollments(first: 5, orderBy: [{ field: ID, direction: ASC }]) {
        nodes { id startDate isActive group { id name subject } }
      }
      weeklyReports(first: 5, orderBy: [{ field: WEEK_START_DATE, direction: DESC }]) {
        nodes { id weekStartDate weekEndDate isSentToParents }
      }
      studentObjectives(first: 5, orderBy: [{ field: ID, direction: ASC }]) {
        nodes { id subject targetDate progressPercentage isAchieved }
      }
    }
  }
}`;

const BOOKINGS_FLAT = `
query BookingsFlat {
  bookings(first: 100, orderBy: [{ field: ID, direction: ASC }]) {
    nodes {
      id
      startTime
      endTime
      status
      subject
      student { id fullName }
      teacher { id firstName lastName }
    }
  }
}`;

/** Aggregates: bookings per month (count, minutes), per teacher and status (nested), formulas' average price per type. */
const ADMIN_INSIGHTS = `
query AdminInsights {
  bookings {
    aggregates { count distinctCount { studentId } }
    groupedAggregates(groupBy: [START_TIME_TRUNCATED_TO_MONTH]) { keys count sum { durationMinutes } }
  }
  teachers(first: 20) {
    nodes {
      id
      lastName
      bookings { groupedAggregates(groupBy: [STATUS]) { keys count } }
    }
  }
  formulas { groupedAggregates(groupBy: [TYPE]) { keys count avg { priceDt } } }
}`;

/** The family name the relation-filter screen looks for: the demo family's, present at every scale (src/seed/plan.ts). */
export const RELATION_FILTER_NAME = 'Gharbi';

/** Relation filters: confirmed bookings of students by name (to-one), teachers with a no-show (to-many `some`). */
const ADMIN_RELATION_FILTERS = `
query AdminRelationFilters($name: String!) {
  bookings(first: 50, filter: { student: { fullName: { contains: $name } }, status: { eq: CONFIRMED } }, orderBy: [{ field: ID, direction: ASC }]) {
    nodes {
      id
      startTime
      status
      subject
      student { id fullName }
      teacher { id firstName lastName }
    }
  }
  teachers(first: 20, filter: { bookings: { some: { status: { eq: NO_SHOW } } } }, orderBy: [{ field: ID, direction: ASC }]) {
    nodes { id firstName lastName }
  }
}`;

export function benchQueries(): BenchQuery[] {
  return [
    { id: 'a', title: "teacher's week", viewer: 'teacher', operationName: 'TeacherWeek', query: TEACHER_WEEK, variables: { from: WEEK_START, to: WEEK_END }, nested: true },
    { id: 'b', title: "parent's dashboard", viewer: 'parent', operationName: 'ParentDashboard', query: PARENT_DASHBOARD, variables: { now: NOW }, nested: true },
    { id: 'c', title: "student's dashboard", viewer: 'student', operationName: 'StudentDashboard', query: STUDENT_DASHBOARD, variables: { now: NOW }, nested: false },
    {
      id: 'd1',
      title: 'admin bookings, first page',
      viewer: 'admin',
      operationName: 'AdminBookings',
      query: ADMIN_BOOKINGS,
      variables: { first: ADMIN_LIST_PAGE, after: null, filter: ADMIN_LIST_FILTER },
      nested: false,
    },
    {
      id: 'd2',
      title: 'admin bookings, deep page',
      viewer: 'admin',
      operationName: 'AdminBookings',
      query: ADMIN_BOOKINGS,
      variables: { first: ADMIN_LIST_PAGE, after: null, filter: ADMIN_LIST_FILTER },
      nested: false,
    },
    { id: 'e', title: 'teachers(50) × bookings(5)', viewer: 'admin', operationName: 'TeachersWithBookings', query: NESTED_TEACHERS, variables: {}, nested: true },
    {
      id: 'f',
      title: 'teachers(50) × slots(10) × bookings(2) + bookings(10)',
      viewer: 'admin',
      operationName: 'TeachersSlotsBookings',
      query: TEACHERS_SLOTS_BOOKINGS,
      variables: {},
      nested: true,
    },
    { id: 'g', title: 'students(50) × 4 relationships', viewer: 'admin', operationName: 'StudentsRelationships', query: STUDENTS_RELATIONSHIPS, variables: {}, nested: true },
    { id: 'h', title: 'bookings(100), flat', viewer: 'admin', operationName: 'BookingsFlat', query: BOOKINGS_FLAT, variables: {}, nested: false },
    { id: 'ag', title: 'admin insights (aggregates)', viewer: 'admin', operationName: 'AdminInsights', query: ADMIN_INSIGHTS, variables: {}, nested: true },
    {
      id: 'rf',
      title: 'admin relation filters',
      viewer: 'admin',
      operationName: 'AdminRelationFilters',
      query: ADMIN_RELATION_FILTERS,
      variables: { name: RELATION_FILTER_NAME },
      nested: false,
    },
  ];
}

/** The entity objects of a response (objects with an id): the "rows returned" of the table. */
export function countRows(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countRows(item), 0);
  if (value === null || typeof value !== 'object') return 0;
  const own = 'id' in value ? 1 : 0;
  return own + Object.values(value).reduce((sum: number, item) => sum + countRows(item), 0);
}
