/**
 * Stands in for `@rjsf/validator-ajv8`, which `@rjsf/core` imports only for its test registry:
 * Ajv compiles with `new Function`, which the dashboard's CSP forbids. Forms use
 * `createRjsfValidator` instead; nothing may reach this module at run time.
 */
const refuse = () => {
  throw new Error('@rjsf/validator-ajv8 is not bundled: use createRjsfValidator');
};

export const customizeValidator = refuse;
export const validator = new Proxy({}, { get: refuse });
export { validator as default };
