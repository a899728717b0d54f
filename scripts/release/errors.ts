/** A release step that failed, with the command or change that fixes it. (Bad input is lib/args' UsageError.) */
export class ReleaseFailure extends Error {
  constructor(
    message: string,
    public readonly fix: string,
  ) {
    super(message);
  }
}
