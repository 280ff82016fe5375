/** Password length rule; its own module so that browser forms can validate without the hashing code. */
export const PasswordRule = { min: 12, max: 200 } as const;
