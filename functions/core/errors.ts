/** A file that cannot be ingested at all; it goes to quarantine whole with this reason. */
export class FileRejection extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'FileRejection';
  }
}
