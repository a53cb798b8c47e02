/** Failures reach the user as JupyterLab notifications (and the console, with the stack). */
import { Notification } from '@jupyterlab/apputils';

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Report a failed action: "ModelDB: loading runs failed: <server message>". */
export function reportError(action: string, error: unknown): void {
  console.error(`ModelDB: ${action} failed`, error);
  Notification.error(`ModelDB: ${action} failed: ${errorMessage(error)}`, { autoClose: 8000 });
}

/** Run an async action, reporting its failure; resolves to undefined when it failed. */
export async function reporting<T>(action: string, task: () => Promise<T>): Promise<T | undefined> {
  try {
    return await task();
  } catch (error) {
    reportError(action, error);
    return undefined;
  }
}
