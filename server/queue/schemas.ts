/**
 * JSON schemas of the request bodies (after the current service's `schemas/v1/*.yml`), checked
 * with the shared validator. Defaults are filled in as the real service does.
 */
import { createValidator } from '../common/schemas';

const identifier = { type: 'string', pattern: '^[a-zA-Z0-9-_]{1,38}$' };
const slugid = {
  type: 'string',
  pattern: '^[A-Za-z0-9_-]{8}[Q-T][A-Za-z0-9_-][CGKOSWaeimquy26-][A-Za-z0-9_-]{10}[AQgw]$',
};
const scope = { type: 'string', pattern: '^[\\x20-\\x7e]*$' };
const dateTime = { type: 'string', format: 'date-time' };

export const SCHEMAS = {
  'create-task-request': {
    type: 'object',
    additionalProperties: false,
    required: ['created', 'deadline', 'payload', 'metadata'],
    properties: {
      taskQueueId: {
        type: 'string',
        pattern: '^[a-zA-Z0-9-_]{1,38}/[a-z]([-a-z0-9]{0,36}[a-z0-9])?$',
      },
      provisionerId: identifier,
      workerType: { type: 'string', pattern: '^[a-z]([-a-z0-9]{0,36}[a-z0-9])?$' },
      schedulerId: { ...identifier, default: '-' },
      projectId: {
        type: 'string',
        pattern: '^([a-zA-Z0-9._/-]*)$',
        minLength: 1,
        maxLength: 500,
        default: 'none',
      },
      taskGroupId: slugid,
      dependencies: {
        type: 'array',
        items: slugid,
        uniqueItems: true,
        maxItems: 10000,
        default: [],
      },
      requires: {
        type: 'string',
        enum: ['all-completed', 'all-resolved'],
        default: 'all-completed',
      },
      routes: {
        type: 'array',
        items: { type: 'string', minLength: 1, maxLength: 249 },
        maxItems: 64,
        uniqueItems: true,
        default: [],
      },
      priority: {
        type: 'string',
        enum: ['highest', 'very-high', 'high', 'medium', 'low', 'very-low', 'lowest', 'normal'],
        default: 'lowest',
      },
      retries: { type: 'integer', minimum: 0, maximum: 49, default: 5 },
      created: dateTime,
      deadline: dateTime,
      expires: dateTime,
      scopes: { type: 'array', items: scope, default: [] },
      payload: { type: 'object' },
      metadata: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'description', 'owner', 'source'],
        properties: {
          name: { type: 'string', maxLength: 255 },
          description: { type: 'string', maxLength: 32768 },
          owner: { type: 'string', maxLength: 255 },
          source: { type: 'string', maxLength: 4096, pattern: '^(https?://|ssh://|git@)' },
        },
      },
      tags: {
        type: 'object',
        additionalProperties: { type: 'string', maxLength: 4096 },
        default: {},
      },
      extra: { type: 'object', default: {} },
    },
  },
  'claim-work-request': {
    type: 'object',
    additionalProperties: false,
    required: ['workerGroup', 'workerId'],
    properties: {
      workerGroup: identifier,
      workerId: identifier,
      tasks: { type: 'integer', minimum: 1, maximum: 32, default: 1 },
    },
  },
  'task-claim-request': {
    type: 'object',
    additionalProperties: false,
    required: ['workerGroup', 'workerId'],
    properties: { workerGroup: identifier, workerId: identifier },
  },
  'task-exception-request': {
    type: 'object',
    additionalProperties: false,
    required: ['reason'],
    properties: {
      reason: {
        type: 'string',
        enum: [
          'worker-shutdown',
          'malformed-payload',
          'resource-unavailable',
          'internal-error',
          'superseded',
          'intermittent-task',
        ],
      },
    },
  },
  'post-artifact-request': {
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['storageType', 'expires', 'contentType'],
        properties: {
          storageType: { const: 's3' },
          expires: dateTime,
          contentType: { type: 'string', maxLength: 255 },
          contentLength: { type: 'integer', minimum: 0 },
        },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['storageType', 'expires', 'contentType'],
        properties: {
          storageType: { const: 'azure' },
          expires: dateTime,
          contentType: { type: 'string', maxLength: 255 },
        },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['storageType', 'expires', 'contentType'],
        properties: {
          storageType: { const: 'object' },
          expires: dateTime,
          contentType: { type: 'string', maxLength: 255 },
          contentLength: { type: 'integer', minimum: 0 },
        },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['storageType', 'expires', 'url', 'contentType'],
        properties: {
          storageType: { const: 'reference' },
          expires: dateTime,
          url: { type: 'string', format: 'uri' },
          contentType: { type: 'string', maxLength: 255 },
        },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['storageType', 'expires', 'artifact'],
        properties: {
          storageType: { const: 'link' },
          expires: dateTime,
          artifact: { type: 'string', pattern: '^[\\x20-\\x7e]+$' },
          contentType: { type: 'string', maxLength: 255 },
        },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['storageType', 'expires', 'reason', 'message'],
        properties: {
          storageType: { const: 'error' },
          expires: dateTime,
          reason: {
            type: 'string',
            enum: [
              'file-missing-on-worker',
              'invalid-resource-on-worker',
              'too-large-file-on-worker',
              'file-not-readable-on-worker',
            ],
          },
          message: { type: 'string', maxLength: 4096 },
        },
      },
    ],
  },
  'finish-artifact-request': {
    type: 'object',
    additionalProperties: false,
    required: ['uploadId'],
    properties: { uploadId: { type: 'string' } },
  },
  'task-ids-request': {
    type: 'object',
    additionalProperties: false,
    required: ['taskIds'],
    properties: { taskIds: { type: 'array', items: slugid, maxItems: 1000 } },
  },
  'change-task-priority-request': {
    type: 'object',
    additionalProperties: false,
    required: ['newPriority'],
    properties: {
      newPriority: {
        type: 'string',
        enum: ['highest', 'very-high', 'high', 'medium', 'low', 'very-low', 'lowest'],
      },
    },
  },
} as const;

export type SchemaName = keyof typeof SCHEMAS;

/** Validates (and fills defaults into) a Queue request body. */
export const validate = createValidator<SchemaName>(SCHEMAS);
