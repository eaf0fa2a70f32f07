// Shared setup of the auth route tests (test/http/routes/auth-*.test.ts): the dashboard's own
// Origin, a per-test temp state_dir with a password-login app over it, and POST /login bodies.
import { createPasswordApp, createTestClock, type TestClock } from './auth-app.js';
import { type TempDir, useTempDir } from './temp.js';

/** The Origin of the test dashboard (what loginCookie() sends too). */
export const ORIGIN = 'http://localhost:7621';

export interface AuthRouteSetup {
  /** The temp state_dir of the running test. */
  dir: TempDir;
  /** createPasswordApp() over `dir` (`auth` adds keys to the auth block). */
  passwordApp(
    auth?: Record<string, unknown>,
    clock?: TestClock,
  ): ReturnType<typeof createPasswordApp>;
}

/** Gives each test of the file its own temp state_dir (useTempDir) and a password app builder. */
export function useAuthRouteApps(): AuthRouteSetup {
  const dir = useTempDir();
  return {
    dir,
    passwordApp: (auth = {}, clock = createTestClock()) =>
      createPasswordApp({ stateDir: dir.path, auth, clock }),
  };
}

/** A JSON POST /login request from ORIGIN (`headers` override or add). */
export function postLogin(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
    body: JSON.stringify(body),
  };
}
