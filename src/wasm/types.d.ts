/** Options of `new Session(options)`; every one is optional. */
export interface SessionOptions {
  /** Which PowerShell to behave like: '5.1' (the default) or '7'. */
  edition?: '5.1' | '7';
  /** Latency of simulated work: 1 normal (default), 0 none, 2 twice as slow (0 to 100). */
  speed?: number;
  /** Console width for tables and error wrapping (default 120, from 20 to 1000). */
  width?: number;
  /** Seed of the simulated computer (a whole number). */
  seed?: number;
  /**
   * 'real' (default): jobs run on as real time passes, between commands too.
   * 'virtual': time jumps and moves only while a command runs; the text is the same on
   * every load, byte for byte what `psjobs -Command` prints.
   */
  clock?: 'real' | 'virtual';
  /**
   * Results a job may hold waiting for Receive-Job (default 1000000). A job that reaches it
   * (or 64 MB of results) fails, saying so in its JobStateInfo.Reason; what it produced
   * before stays to be received.
   */
  jobResultLimit?: number;
  /**
   * Bytes the session may hold in variables, job results, files it wrote and the text of
   * the running command (default 268435456, 256 MB; from 16 MB to 4 GB). A command that
   * would pass it stops with an error (FullyQualifiedErrorId SessionMemoryLimitExceeded),
   * a job that would pass it fails; the session and its other jobs live on.
   */
  memoryLimit?: number;
}

export type Stream =
  | 'output' | 'error' | 'warning' | 'verbose' | 'debug' | 'information' | 'host' | 'progress';

/** One piece of console output. */
export interface OutputRecord {
  stream: Stream;
  /** The text, without its line break; a progress record's is the progress block
   * (empty when the activity completed) and is never part of a run's `text`. */
  text: string;
  /** Console colour names (Write-Host -ForegroundColor / -BackgroundColor). */
  fg?: string;
  bg?: string;
  /** False for Write-Host -NoNewline: the next record continues this line. */
  newline: boolean;
  /** Clear-Host: the console clears its screen. */
  clear?: true;
}

export interface RunResult {
  /** Exactly what the console printed. */
  text: string;
  records: OutputRecord[];
  /** `$?` after the command. */
  ok: boolean;
}

export interface Completion {
  /** The part of the line the chosen candidate replaces (string indices). */
  replaceStart: number;
  replaceEnd: number;
  candidates: string[];
}

export type JobStateName =
  | 'NotStarted' | 'Running' | 'Completed' | 'Failed' | 'Stopped' | 'Blocked' | 'Suspended'
  | 'Disconnected' | 'Suspending' | 'Stopping' | 'AtBreakpoint';

/** A job as Get-Job shows it, with its results buffer in numbers. A parent's numbers are
 * its children's added up. */
export interface JobInfo {
  id: number;
  name: string;
  psJobTypeName: string;
  state: JobStateName;
  hasMoreData: boolean;
  location: string;
  command: string;
  /** Records written to the results buffer so far. */
  produced: number;
  /** Records Receive-Job took away (a -Keep receive takes nothing). */
  received: number;
  /** Records waiting to be received. */
  buffered: number;
  /** Why a Failed job failed (its JobStateInfo.Reason's message). */
  reason?: string;
  childJobs: JobInfo[];
}

export type SessionEvent =
  | { type: 'output'; records: OutputRecord[] }
  | { type: 'input-requested' }
  | { type: 'command-done'; ok: boolean }
  | { type: 'prompt'; prompt: string }
  | { type: 'job-created'; id: number; parentId?: number; job: JobInfo }
  | { type: 'job-state'; id: number; state: JobStateName; previous: JobStateName; hasMoreData: boolean }
  | { type: 'job-data'; id: number; produced: number; received: number; buffered: number; hasMoreData: boolean }
  | { type: 'job-removed'; id: number }
  | { type: 'broken'; message: string };
