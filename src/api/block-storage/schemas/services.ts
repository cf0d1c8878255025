/** The os-services update bodies (cinder/api/schemas/services.py); hosts as plain bounded strings. */
const host = { type: ['string', 'null'], minLength: 1, maxLength: 255 };
const nullableString = { type: ['string', 'null'] };

export const enableAndDisable: Record<string, unknown> = {
  type: 'object',
  properties: {
    binary: { type: 'string', minLength: 1, maxLength: 255 },
    host,
    cluster: nullableString,
    service: { type: 'string', minLength: 1, maxLength: 255 },
  },
  anyOf: [{ required: ['binary'] }, { required: ['service'] }],
  additionalProperties: false,
};

export const disableLogReason: Record<string, unknown> = {
  ...enableAndDisable,
  properties: {
    ...(enableAndDisable.properties as Record<string, unknown>),
    disabled_reason: { type: 'string', minLength: 1, maxLength: 255 },
  },
};

export const freezeAndThaw: Record<string, unknown> = {
  type: 'object',
  properties: { cluster: nullableString, host },
  additionalProperties: false,
};
