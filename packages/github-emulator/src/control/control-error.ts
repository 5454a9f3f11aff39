/** A control request the emulator cannot carry out; `status` is 400, 404, or 405 for a merge the repository's rules refuse. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
