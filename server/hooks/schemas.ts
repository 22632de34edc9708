/**
 * Request schemas of the Hooks API, as Taskcluster's `services/hooks/schemas/v1` define them
 * (create-hook-request with hook-metadata and bindings inlined; trigger-hook is any object).
 */
import { createValidator } from '../common/schemas';

const ID = { type: 'string', pattern: '^[a-zA-Z0-9-_]{1,1000}$' };

const SCHEMAS = {
  'create-hook-request': {
    title: 'Hook creation request',
    type: 'object',
    properties: {
      hookGroupId: ID,
      hookId: { type: 'string', pattern: '^[a-zA-Z0-9-_/]{1,1000}$' },
      metadata: {
        type: 'object',
        properties: {
          name: { type: 'string', maxLength: 255 },
          description: { type: 'string', maxLength: 32768 },
          owner: { type: 'string', maxLength: 255 },
          emailOnError: { type: 'boolean', default: true },
        },
        additionalProperties: false,
        required: ['name', 'description', 'owner'],
      },
      bindings: {
        type: 'array',
        uniqueItems: true,
        items: {
          type: 'object',
          properties: {
            exchange: { type: 'string', minLength: 1 },
            routingKeyPattern: { type: 'string', minLength: 1 },
          },
          additionalProperties: false,
          required: ['exchange', 'routingKeyPattern'],
        },
      },
      schedule: { type: 'array', items: { type: 'string' }, uniqueItems: true, default: [] },
      task: { type: 'object' },
      triggerSchema: { type: 'object', default: { type: 'object', additionalProperties: false } },
    },
    additionalProperties: false,
    required: ['metadata', 'task'],
  },
  'trigger-hook': {
    title: 'Trigger Hook Request',
    type: 'object',
  },
};

export type HooksSchemaName = keyof typeof SCHEMAS;
export const validate = createValidator(SCHEMAS);
