// esbuild's text loader: a .css import is the file's text (the renderer adds it as one <style> element).
declare module '*.css' {
  const text: string;
  export default text;
}
