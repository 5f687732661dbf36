import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../seed/plan';

// The console's first tabs: signing in, then the four screens of the platform, each a query that a
// client would send. Checked against the schema by a test, run in a real browser by another.

export interface ConsoleTab {
  query: string;
  variables?: string;
}

const signIn = `# Sign in first: run this (▶). The console keeps the session token and sends it as
# "Authorization: Bearer <token>" with the next requests (unless the Headers tab sets one).
# Demo accounts, password ${DEMO_PASSWORD}: ${Object.values(DEMO_ACCOUNTS).join(', ')}.
mutation SignIn {
  login(input: { email: "${DEMO_ACCOUNTS.teacher}", password: "${DEMO_PASSWORD}" }) {
    expiresAt
    user { email role }
    sessionToken
  }
}
`;

const teacherWeek = `# The teacher's screen: upcoming lessons (sign in as ${DEMO_ACCOUNTS.teacher}).
query TeacherUpcomingLessons($from: DateTime!) {
  me {
    email
    teacher {
      firstName
      lastName
      bookings(first: 10, filter: { startTime: { gte: $from } }, orderBy: [{ field: START_TIME }]) {
        totalCount
        nodes { startTime endTime subject format status student { fullName gradeLevel } location { name } }
      }
    }
  }
}
`;

const studentLessons = `# The student's screen: next lessons and groups (sign in as ${DEMO_ACCOUNTS.student}).
query StudentLessons($from: DateTime!) {
  me {
    student {
      fullName
      bookings(first: 5, filter: { startTime: { gte: $from } }, orderBy: [{ field: START_TIME }]) {
        nodes { startTime subject status teacher { firstName lastName } }
      }
      enrollments(first: 5) { nodes { isActive group { name subject } formula { name } } }
    }
  }
}
`;

const parentFollowUp = `# The parent's screen: each child's latest weekly reports (sign in as ${DEMO_ACCOUNTS.parent}).
query ParentFollowUp {
  me {
    childRelations(first: 5) {
      nodes {
        childUser {
          student {
            fullName
            weeklyReports(first: 2, orderBy: [{ field: WEEK_START_DATE, direction: DESC }]) {
              nodes { weekStartDate teacherComments }
            }
          }
        }
      }
    }
  }
}
`;

const adminBookings = `# The admin's screen: the booking list, filtered, sorted, paginated (sign in as ${DEMO_ACCOUNTS.admin}).
# Next page: pass pageInfo.endCursor as "after".
query AdminBookings($after: String) {
  bookings(first: 20, after: $after, filter: { status: { in: [PENDING, CONFIRMED] } }, orderBy: [{ field: START_TIME, direction: DESC }]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { startTime durationMinutes subject status student { fullName } teacher { lastName } }
  }
}
`;

/** The tabs the console opens with; `from` is the start of today, when the page is served. */
export function consoleTabs(now: Date = new Date()): ConsoleTab[] {
  const from = JSON.stringify({ from: `${now.toISOString().slice(0, 10)}T00:00:00Z` }, null, 2);
  return [
    { query: signIn },
    { query: teacherWeek, variables: from },
    { query: studentLessons, variables: from },
    { query: parentFollowUp },
    { query: adminBookings },
  ];
}
