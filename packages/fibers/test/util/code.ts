// The `code` of what fn throws, or 'no error': for tables of expected error codes. (Which class
// threw is checked by test/children/misuse-table.ts, in a process with one copy of src/.)
export function code(fn: () => unknown): string | undefined {
  try {
    fn();
    return 'no error';
  } catch (err) {
    return (err as { code?: string }).code;
  }
}
