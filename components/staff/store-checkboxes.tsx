import type { UseFormRegisterReturn } from 'react-hook-form';

export interface StoreOption {
  id: string;
  code: string;
  name: string;
}

/** Store assignment as plain checkboxes (value = store id), registered as one array field. */
export function StoreCheckboxes({
  legend,
  hint,
  stores,
  error,
  register,
}: {
  legend: string;
  hint?: string;
  stores: StoreOption[];
  error?: string;
  register: UseFormRegisterReturn;
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        {stores.map((store) => (
          <label key={store.id} className="flex items-center gap-2 text-sm">
            <input type="checkbox" value={store.id} className="h-4 w-4 accent-brand-600" {...register} />
            {store.name} <span className="text-slate-500">({store.code})</span>
          </label>
        ))}
      </div>
      {hint && !error ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {error ? (
        <p className="text-sm text-red-700" data-field-error="storeIds">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
