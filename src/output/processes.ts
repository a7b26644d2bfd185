/** Whether a process still runs: what a write left behind (a temporary file, a staged folder) is cleared only when its writer is gone. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
