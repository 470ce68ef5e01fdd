/**
 * What every tally that a test starts runs with — in this process (test-app.ts) or as its own process
 * (test/operations/support/tally-process.ts) — unless the test sets the variable itself.
 */
export const TEST_ENVIRONMENT = {
  // Tests write far faster than any client: test/operations/security.test.ts turns the limit on to test it.
  RATE_LIMIT_WRITES_PER_MINUTE: '0',
  // A loaded test machine lags the event loop (the test runner's own, for an app in this process): shedding load
  // on that lag would turn unrelated tests' answers into 503s. test/resilience/overload.test.ts turns it on.
  OVERLOAD_EVENT_LOOP_DELAY_MS: '0',
} as const satisfies NodeJS.ProcessEnv;

/**
 * For tests of exact results under contention, which queue hundreds of requests on a few connections: far longer
 * than a client would wait, which is not what they test (test/resilience tests the bounds).
 */
export const UNDER_CONTENTION = {
  DATABASE_CONNECT_TIMEOUT_SECONDS: '60',
  DATABASE_STATEMENT_TIMEOUT_SECONDS: '60',
  OVERLOAD_MAX_DATABASE_QUEUE: '0',
  OVERLOAD_MAX_REQUESTS_IN_FLIGHT: '0',
} as const satisfies NodeJS.ProcessEnv;
