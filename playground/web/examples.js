// The examples menu: the bundled petstore, the multi-file fixture, and one small spec for each
// family of rules. Fixtures are read from the repository at build time, never copied.
import petstore from '../../fixtures/petstore.yaml?raw';

const multi = import.meta.glob('../../fixtures/multi/**/*.{yaml,json}', {
  query: '?raw',
  import: 'default',
  eager: true,
});

const headers = `openapi: 3.1.0
info:
  title: Headers a status needs
  version: "1.0"
paths:
  /orders:
    post:
      requestBody:
        content:
          application/json: {}
      responses:
        "201":
          description: The order was created
        "429":
          description: Too many orders at once
  /orders/{id}:
    parameters:
      - { name: id, in: path, required: true, schema: { type: string } }
    get:
      security:
        - token: []
      responses:
        "200":
          description: The order
          content:
            application/json: {}
        "401":
          description: No valid token
        "404":
          description: No such order
    patch:
      responses:
        "405":
          description: Orders cannot be changed
        "503":
          description: Down for maintenance
components:
  securitySchemes:
    token:
      type: http
      scheme: bearer
`;

const bodies = `openapi: 3.0.3
info:
  title: Bodies that cannot be
  version: "1.0"
paths:
  /files/{name}:
    parameters:
      - { name: name, in: path, required: true, schema: { type: string } }
    get:
      parameters:
        - { name: If-None-Match, in: header, schema: { type: string } }
      responses:
        "200":
          description: The file
          content:
            application/octet-stream: {}
        "304":
          description: Not modified
          content:
            application/json: {}
        "404":
          description: No such file
    head:
      responses:
        "200":
          description: The file's headers
          content:
            application/octet-stream: {}
    delete:
      responses:
        "204":
          description: Deleted
          content:
            application/json:
              schema: { type: object }
        "404":
          description: No such file
`;

const statuses = `swagger: "2.0"
info:
  title: Status codes that are not
  version: "1.0"
paths:
  /jobs:
    get:
      responses:
        200:
          description: The jobs
          schema: { type: array, items: { type: string } }
        299:
          description: A code of our own
        306:
          description: Unused since HTTP/1.1
        999:
          description: Not HTTP at all
`;

const rust = `use utoipa::OpenApi;

/// Creates a pet.
#[utoipa::path(
    post,
    path = "/pets",
    responses(
        (status = 201, description = "Pet created", body = Pet),
        (status = 204, description = "Nothing to say", body = Pet),
        (status = 405, description = "Pets are read-only today"),
    )
)]
async fn create_pet() {}
`;

function multiTabs() {
  const prefix = '../../fixtures/multi/';
  const tabs = Object.entries(multi).map(([path, text]) => ({ name: path.slice(prefix.length), text }));
  // The root first: it is the one linted; the others are what its $refs reach.
  tabs.sort((a, b) => (a.name === 'api.yaml' ? -1 : b.name === 'api.yaml' ? 1 : a.name.localeCompare(b.name)));
  return tabs;
}

export const examples = [
  { id: 'petstore', title: 'Petstore (fixtures/petstore.yaml)', tabs: () => [{ name: 'petstore.yaml', text: petstore }] },
  { id: 'headers', title: 'Headers a status needs (201, 401, 405, 429, 503)', tabs: () => [{ name: 'openapi.yaml', text: headers }] },
  { id: 'bodies', title: 'Bodies that cannot be (204, 304, HEAD)', tabs: () => [{ name: 'openapi.yaml', text: bodies }] },
  { id: 'statuses', title: 'Status codes that are not (Swagger 2.0)', tabs: () => [{ name: 'swagger.yaml', text: statuses }] },
  { id: 'multi', title: '$ref across files (fixtures/multi)', tabs: multiTabs },
  { id: 'rust', title: 'Rust: a utoipa declaration', tabs: () => [{ name: 'src/pets.rs', text: rust }] },
];

export const starterConfig = `# statuslint.yaml: rule levels are off, info, warning or error.
rules:
  # created-without-location: off
`;
