/** A password an administrator hands over once; never stored anywhere readable. */
export function OneTimePassword({ label, hint, password }: { label: string; hint: string; password: string }) {
  return (
    <div className="space-y-1">
      <p className="text-sm font-medium text-slate-700">{label}</p>
      <code
        data-testid="one-time-password"
        className="block select-all rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-lg tracking-wide"
      >
        {password}
      </code>
      <p className="text-xs text-slate-500">{hint}</p>
    </div>
  );
}
