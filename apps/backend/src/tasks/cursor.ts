/** Paging cursors: opaque to clients, they carry the id of the last task of the previous page. */

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not valid: pass the next_cursor of the previous page unchanged');
  }
}

export function encodeCursor(afterId: number): string {
  return Buffer.from(`after:${afterId}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const match = /^after:([1-9]\d{0,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const afterId = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(afterId)) throw new InvalidCursorError();
  return afterId;
}
