/** The two ways a release stops: bad input, or a step that failed (with the command that fixes it). */
export class UsageError extends Error {}

export class ReleaseFailure extends Error {
  constructor(
    message: string,
    public readonly fix: string,
  ) {
    super(message);
  }
}
