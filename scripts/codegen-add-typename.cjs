// codegen.yml names document transforms by module path: this is the client preset's own, which
// adds `__typename` to every selection set, so trusted documents answer what caches normalise by.
const { addTypenameSelectionDocumentTransform } = require('@graphql-codegen/client-preset');

exports.transform = addTypenameSelectionDocumentTransform.transform;
