import { json, type Route } from '../sim-server';
import {
  activitiesBetween,
  dailyHeartRate,
  dailySleep,
  dailyStress,
  dailySummary,
  hrv,
  isoDate,
  weightRange,
} from './sample-data';
import type { GarminSimState, GarminSimUser } from './state';

// The Connect API paths the unofficial clients read (docs: providers.md,
// Garmin), answered for whoever the bearer token belongs to. A date after the
// simulator's "today" has no data yet.

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function dataRoutes(state: GarminSimState): Route {
  return async (req, res, url) => {
    if (req.method !== 'GET') return false;
    const path = url.pathname;
    const known = [
      '/userprofile-service/',
      '/usersummary-service/',
      '/wellness-service/',
      '/hrv-service/',
      '/weight-service/',
      '/activitylist-service/',
    ];
    if (!known.some((p) => path.startsWith(p))) return false;

    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const grant = m ? await state.authenticate(m[1]!) : null;
    if (!grant) return json(res, 401, { message: 'Unauthorized', error: 'invalid_token' });
    const user = state.userByProfileId(grant.userId)!;
    const today = isoDate(state.now());
    const date = (value: string | null | undefined) => {
      if (!value || !DATE.test(value)) return null;
      return value;
    };
    const ownName = (name: string) => decodeURIComponent(name) === user.displayName;
    const bad = (what: string) => json(res, 400, { message: `bad request: ${what}` });
    const forbidden = () => json(res, 403, { message: 'Forbidden' });
    const future = (d: string) => d > today;

    if (path === '/userprofile-service/socialProfile') return json(res, 200, profile(user));

    let r = /^\/usersummary-service\/usersummary\/daily\/([^/]+)$/.exec(path);
    if (r) {
      const d = date(url.searchParams.get('calendarDate'));
      if (!d) return bad('calendarDate');
      if (!ownName(r[1]!)) return forbidden();
      return json(res, 200, future(d) ? { calendarDate: d, totalSteps: null } : dailySummary(user.profileId, d));
    }
    r = /^\/wellness-service\/wellness\/dailySleepData\/([^/]+)$/.exec(path);
    if (r) {
      const d = date(url.searchParams.get('date'));
      if (!d) return bad('date');
      if (!ownName(r[1]!)) return forbidden();
      return json(
        res,
        200,
        future(d) ? { dailySleepDTO: { calendarDate: d, sleepTimeSeconds: null } } : dailySleep(user.profileId, d),
      );
    }
    r = /^\/wellness-service\/wellness\/dailyHeartRate\/([^/]+)$/.exec(path);
    if (r) {
      const d = date(url.searchParams.get('date'));
      if (!d) return bad('date');
      if (!ownName(r[1]!)) return forbidden();
      return json(res, 200, future(d) ? { calendarDate: d, heartRateValues: null } : dailyHeartRate(user.profileId, d));
    }
    r = /^\/wellness-service\/wellness\/dailyStress\/(\d{4}-\d{2}-\d{2})$/.exec(path);
    if (r) {
      const d = r[1]!;
      return json(res, 200, future(d) ? { calendarDate: d, stressValuesArray: null } : dailyStress(user.profileId, d));
    }
    r = /^\/hrv-service\/hrv\/(\d{4}-\d{2}-\d{2})$/.exec(path);
    if (r) {
      const d = r[1]!;
      return json(res, 200, future(d) ? { hrvSummary: null } : hrv(user.profileId, d));
    }
    if (path === '/weight-service/weight/dateRange') {
      const from = date(url.searchParams.get('startDate'));
      const to = date(url.searchParams.get('endDate'));
      if (!from || !to || from > to) return bad('startDate/endDate');
      return json(res, 200, weightRange(user.profileId, from, to < today ? to : today));
    }
    if (path === '/activitylist-service/activities/search/activities') {
      const from = date(url.searchParams.get('startDate'));
      const to = date(url.searchParams.get('endDate'));
      const start = Number(url.searchParams.get('start') ?? '0');
      const limit = Number(url.searchParams.get('limit') ?? '20');
      if (!from || !to || from > to) return bad('startDate/endDate');
      if (!Number.isInteger(start) || start < 0 || !Number.isInteger(limit) || limit < 1 || limit > 100) {
        return bad('start/limit');
      }
      const all = activitiesBetween(user.profileId, from, to < today ? to : today);
      return json(res, 200, all.slice(start, start + limit));
    }
    return json(res, 404, { message: 'Not Found' });
  };
}

export function profile(user: GarminSimUser) {
  return {
    id: user.profileId,
    profileId: user.profileId,
    displayName: user.displayName,
    userName: user.email,
    fullName: user.displayName,
  };
}
