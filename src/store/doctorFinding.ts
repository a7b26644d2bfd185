/** What each `doctor` check finds: plain data, printed by `commands/doctor.ts`. */
export type DoctorStatus = 'ok' | 'warn' | 'fail';

export type DoctorCheck = 'file' | 'journal' | 'schema' | 'integrity' | 'foreign-keys' | 'snapshots' | 'derived';

export interface DoctorFinding {
  check: DoctorCheck;
  status: DoctorStatus;
  message: string;
  /** What the user should do; empty when the check is ok. */
  fix: string;
}

export const ok = (check: DoctorCheck, message: string): DoctorFinding => ({ check, status: 'ok', message, fix: '' });
