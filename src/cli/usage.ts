// The command lines the CLI takes, for --help and for merge's own errors.
// Light: --help loads nothing else.

export const RUN_USAGE = 'wispanel-conformance [options]';

export const MERGE_USAGE = 'wispanel-conformance merge [--junit FILE] [--report DIR] [--junit-omit-disabled] [--format NAME] [--verbose] FILE...';

/** Every form of the command, the run first. */
export const USAGES: readonly string[] = [RUN_USAGE, MERGE_USAGE];
