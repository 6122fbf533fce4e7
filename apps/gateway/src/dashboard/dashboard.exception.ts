import { ApiError, type ErrorStatus } from '@simline/contracts';

/** What the dashboard's own endpoints answer with (the services answer for their resources). */
export enum DashboardErrorCode {
  SignInFailed = 'signInFailed',
  SignInRateLimited = 'signInRateLimited',
  SessionRequired = 'sessionRequired',
  CsrfTokenInvalid = 'csrfTokenInvalid',
  RoleForbidden = 'roleForbidden',
  MemberExists = 'dashboardMemberExists',
  MemberNotFound = 'dashboardMemberNotFound',
  SearchInvalid = 'searchInvalid',
}

const SPEC: Record<DashboardErrorCode, { status: ErrorStatus; message: string; hint?: string }> = {
  [DashboardErrorCode.SignInFailed]: {
    status: 401,
    message: 'The project, e-mail or password is not right.',
  },
  [DashboardErrorCode.SignInRateLimited]: {
    status: 429,
    message: 'Too many sign-in attempts. Please wait a few minutes and try again.',
  },
  [DashboardErrorCode.SessionRequired]: { status: 401, message: 'Please sign in.' },
  [DashboardErrorCode.CsrfTokenInvalid]: {
    status: 403,
    message: 'This action was not sent from the dashboard page. Reload the page and try again.',
  },
  [DashboardErrorCode.RoleForbidden]: { status: 403, message: 'Your role does not allow this action.' },
  [DashboardErrorCode.MemberExists]: {
    status: 409,
    message: 'A member with this e-mail already exists in the project.',
  },
  [DashboardErrorCode.MemberNotFound]: { status: 404, message: 'No such dashboard member.' },
  [DashboardErrorCode.SearchInvalid]: {
    status: 422,
    message: 'Search by e-mail, phone number (+…), ICCID or an id (sub_…, usr_…, sim_…).',
  },
};

export class DashboardException extends ApiError {
  constructor(code: DashboardErrorCode, message?: string) {
    const spec = SPEC[code];
    super(spec.status, code, message ?? spec.message, spec.hint);
  }
}
