// Environment variables are strings: these `@Transform`s turn them into what a settings class
// declares. An empty variable (`JWT_SECRET=`) means unset everywhere.

/** `'8080'` → 8080 (a non-number stays NaN, so `@IsInt()` names the variable). */
export const integerSetting = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/** `'true'` or `'1'` → true, anything else → false. */
export const booleanSetting = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : value === true || value === 'true' || value === '1';

/** `''` → undefined, for optional settings. */
export const emptyMeansUnset = ({ value }: { value: unknown }) =>
  value === '' ? undefined : value;
