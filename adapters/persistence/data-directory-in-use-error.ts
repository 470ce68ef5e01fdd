/** Thrown when another process already serves from the same data directory. */
export class DataDirectoryInUseError extends Error {
  constructor(dataDir: string) {
    super(`TALLY_DATA_DIR ${dataDir} is in use by another tally process; stop it or choose another directory`);
    this.name = 'DataDirectoryInUseError';
  }
}
