// Vite bundles stylesheets imported for their side effect; tell the type
// checker such imports exist (TypeScript 7 checks side-effect imports).
declare module '*.css';
