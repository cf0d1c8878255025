/**
 * Glance's metadata definition schema documents as GET /v2/schemas/metadefs/{…} serves them,
 * recorded from the real Glance (25.1.0, Zed); data served as they are (test/api/image/golden
 * holds the recorded answers). The metadef routes validate request bodies against these same
 * documents, as Glance validates a body against the schema it publishes.
 */

import { PAGE_FIELDS, PAGE_LINKS, paginatedListSchema } from './list-schema.js';

/** what every metadef property is described by: a property alone, or inside a namespace or object */
const PROPERTY_FIELDS: Record<string, unknown> = {
  name: {
    type: 'string',
    maxLength: 80,
  },
  title: {
    type: 'string',
  },
  description: {
    type: 'string',
  },
  operators: {
    type: 'array',
    items: {
      type: 'string',
    },
  },
  type: {
    type: 'string',
    enum: ['array', 'boolean', 'integer', 'number', 'object', 'string', null],
  },
  required: {
    $ref: '#/definitions/stringArray',
  },
  minimum: {
    type: 'number',
  },
  maximum: {
    type: 'number',
  },
  maxLength: {
    $ref: '#/definitions/positiveInteger',
  },
  minLength: {
    $ref: '#/definitions/positiveIntegerDefault0',
  },
  pattern: {
    type: 'string',
    format: 'regex',
  },
  enum: {
    type: 'array',
  },
  readonly: {
    type: 'boolean',
  },
  default: {},
  items: {
    type: 'object',
    properties: {
      type: {
        type: 'string',
        enum: ['array', 'boolean', 'integer', 'number', 'object', 'string', null],
      },
      enum: {
        type: 'array',
      },
    },
  },
  maxItems: {
    $ref: '#/definitions/positiveInteger',
  },
  minItems: {
    $ref: '#/definitions/positiveIntegerDefault0',
  },
  uniqueItems: {
    type: 'boolean',
    default: false,
  },
  additionalItems: {
    type: 'boolean',
  },
};

const POSITIVE_INTEGERS = {
  positiveInteger: {
    type: 'integer',
    minimum: 0,
  },
  positiveIntegerDefault0: {
    allOf: [
      {
        $ref: '#/definitions/positiveInteger',
      },
      {
        default: 0,
      },
    ],
  },
};

/** Glance's property schema asks for at least one item; the namespace and object schemas do not */
const stringArray = (atLeastOne: boolean): Record<string, unknown> => ({
  type: 'array',
  items: {
    type: 'string',
  },
  ...(atLeastOne ? { minItems: 1 } : {}),
  uniqueItems: true,
});

/** the definitions a namespace or an object document carries: its properties are a map of property schemas */
const CONTAINER_DEFINITIONS = {
  ...POSITIVE_INTEGERS,
  stringArray: stringArray(false),
  property: {
    type: 'object',
    additionalProperties: {
      type: 'object',
      required: ['title', 'type'],
      properties: PROPERTY_FIELDS,
    },
  },
};

/** an item schema as a list schema embeds it: the list carries the definitions once, at its top */
const withoutDefinitions = (doc: Record<string, unknown>): Record<string, unknown> => {
  const { definitions: _omitted, ...rest } = doc;
  return rest;
};

export const METADEF_NAMESPACE_SCHEMA: Record<string, unknown> = {
  name: 'namespace',
  properties: {
    namespace: {
      type: 'string',
      description: 'The unique namespace text.',
      maxLength: 80,
    },
    display_name: {
      type: 'string',
      description: 'The user friendly name for the namespace. Used by UI if available.',
      maxLength: 80,
    },
    description: {
      type: 'string',
      description: 'Provides a user friendly description of the namespace.',
      maxLength: 500,
    },
    visibility: {
      type: 'string',
      description: 'Scope of namespace accessibility.',
      enum: ['public', 'private'],
    },
    protected: {
      type: 'boolean',
      description: 'If true, namespace will not be deletable.',
    },
    owner: {
      type: 'string',
      description: 'Owner of the namespace.',
      maxLength: 255,
    },
    created_at: {
      type: 'string',
      readOnly: true,
      description: 'Date and time of namespace creation',
      format: 'date-time',
    },
    updated_at: {
      type: 'string',
      readOnly: true,
      description: 'Date and time of the last namespace modification',
      format: 'date-time',
    },
    schema: {
      readOnly: true,
      type: 'string',
    },
    self: {
      readOnly: true,
      type: 'string',
    },
    resource_type_associations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          prefix: {
            type: 'string',
          },
          properties_target: {
            type: 'string',
          },
        },
      },
    },
    properties: {
      $ref: '#/definitions/property',
    },
    objects: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          required: {
            $ref: '#/definitions/stringArray',
          },
          properties: {
            $ref: '#/definitions/property',
          },
        },
      },
    },
    tags: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
        },
      },
    },
  },
  additionalProperties: false,
  definitions: CONTAINER_DEFINITIONS,
  required: ['namespace'],
};

export const METADEF_NAMESPACES_SCHEMA: Record<string, unknown> = paginatedListSchema(
  'namespaces',
  withoutDefinitions(METADEF_NAMESPACE_SCHEMA),
  CONTAINER_DEFINITIONS,
);

export const METADEF_OBJECT_SCHEMA: Record<string, unknown> = {
  name: 'object',
  properties: {
    name: {
      type: 'string',
      maxLength: 80,
    },
    description: {
      type: 'string',
    },
    required: {
      $ref: '#/definitions/stringArray',
    },
    properties: {
      $ref: '#/definitions/property',
    },
    schema: {
      readOnly: true,
      type: 'string',
    },
    self: {
      readOnly: true,
      type: 'string',
    },
    created_at: {
      type: 'string',
      readOnly: true,
      description: 'Date and time of object creation',
      format: 'date-time',
    },
    updated_at: {
      type: 'string',
      readOnly: true,
      description: 'Date and time of the last object modification',
      format: 'date-time',
    },
  },
  additionalProperties: false,
  definitions: CONTAINER_DEFINITIONS,
  required: ['name'],
};

export const METADEF_OBJECTS_SCHEMA: Record<string, unknown> = paginatedListSchema(
  'objects',
  withoutDefinitions(METADEF_OBJECT_SCHEMA),
  CONTAINER_DEFINITIONS,
);

export const METADEF_TAG_SCHEMA: Record<string, unknown> = {
  name: 'tag',
  properties: {
    name: {
      type: 'string',
      maxLength: 80,
    },
    created_at: {
      type: 'string',
      readOnly: true,
      description: 'Date and time of tag creation',
      format: 'date-time',
    },
    updated_at: {
      type: 'string',
      readOnly: true,
      description: 'Date and time of the last tag modification',
      format: 'date-time',
    },
  },
  additionalProperties: false,
  required: ['name'],
};

export const METADEF_TAGS_SCHEMA: Record<string, unknown> = paginatedListSchema('tags', METADEF_TAG_SCHEMA);

export const METADEF_RESOURCE_TYPE_SCHEMA: Record<string, unknown> = {
  name: 'resource_type_association',
  properties: {
    name: {
      type: 'string',
      description:
        'Resource type names should be aligned with Heat resource types whenever possible: https://docs.openstack.org/heat/latest/template_guide/openstack.html',
      maxLength: 80,
    },
    prefix: {
      type: 'string',
      description:
        'Specifies the prefix to use for the given resource type. Any properties in the namespace should be prefixed with this prefix when being applied to the specified resource type. Must include prefix separator (e.g. a colon :).',
      maxLength: 80,
    },
    properties_target: {
      type: 'string',
      description:
        'Some resource types allow more than one key / value pair per instance.  For example, Cinder allows user and image metadata on volumes. Only the image properties metadata is evaluated by Nova (scheduling or drivers). This property allows a namespace target to remove the ambiguity.',
      maxLength: 80,
    },
    created_at: {
      type: 'string',
      readOnly: true,
      description: 'Date and time of resource type association',
      format: 'date-time',
    },
    updated_at: {
      type: 'string',
      readOnly: true,
      description: 'Date and time of the last resource type association modification',
      format: 'date-time',
    },
  },
  additionalProperties: false,
  required: ['name'],
};

export const METADEF_RESOURCE_TYPES_SCHEMA: Record<string, unknown> = paginatedListSchema(
  'resource_type_associations',
  METADEF_RESOURCE_TYPE_SCHEMA,
);

export const METADEF_PROPERTY_SCHEMA: Record<string, unknown> = {
  name: 'property',
  properties: PROPERTY_FIELDS,
  additionalProperties: false,
  definitions: { ...POSITIVE_INTEGERS, stringArray: stringArray(true) },
  required: ['type', 'title', 'name'],
};

/** the list is a map by name, not an array: each entry is a property schema without its name requirement */
export const METADEF_PROPERTIES_SCHEMA: Record<string, unknown> = {
  name: 'properties',
  properties: {
    properties: {
      type: 'object',
      additionalProperties: {
        name: 'property',
        properties: PROPERTY_FIELDS,
        additionalProperties: false,
        required: ['type', 'title'],
      },
    },
    ...PAGE_FIELDS,
  },
  links: PAGE_LINKS,
  definitions: METADEF_PROPERTY_SCHEMA.definitions,
};
