/**
 * The envelope Glance wraps around a paginated list schema (glance/schema.py's
 * CollectionSchema): the items under the list's name, the first/next/schema links.
 */

/** the paging fields a list body may carry */
export const PAGE_FIELDS: Record<string, unknown> = {
  first: {
    type: 'string',
  },
  next: {
    type: 'string',
  },
  schema: {
    type: 'string',
  },
};

export const PAGE_LINKS: Array<Record<string, string>> = [
  {
    rel: 'first',
    href: '{first}',
  },
  {
    rel: 'next',
    href: '{next}',
  },
  {
    rel: 'describedby',
    href: '{schema}',
  },
];

/** a list schema named `name` whose array of the same name holds `items`; definitions go at the top */
export function paginatedListSchema(
  name: string,
  items: Record<string, unknown>,
  definitions?: unknown,
): Record<string, unknown> {
  return {
    name,
    properties: {
      [name]: {
        type: 'array',
        items,
      },
      ...PAGE_FIELDS,
    },
    links: PAGE_LINKS,
    ...(definitions === undefined ? {} : { definitions }),
  };
}
