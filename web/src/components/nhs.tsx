// React renderings of NHS.UK design system components (nhsuk-frontend markup and classes).
import { useEffect, useId, useRef, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { ApiError, type ErrorDetail } from '../lib/api';
import { Link } from '../lib/router';

export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'reverse' | 'warning' | 'login'; small?: boolean };

export function Button({ variant = 'primary', small, className, type = 'button', ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={cx('nhsuk-button', variant !== 'primary' && `nhsuk-button--${variant}`, small && 'nhsuk-button--small', className)}
      data-module="nhsuk-button"
      {...rest}
    />
  );
}

export function ButtonLink({ to, children, variant = 'primary' }: { to: string; children: ReactNode; variant?: 'primary' | 'secondary' }) {
  return (
    <Link to={to} className={cx('nhsuk-button', variant !== 'primary' && `nhsuk-button--${variant}`)} role="button" draggable={false}>
      {children}
    </Link>
  );
}

function FieldShell({ id, label, hint, error, children, bold }: { id: string; label: ReactNode; hint?: ReactNode; error?: string; children: ReactNode; bold?: boolean }) {
  return (
    <div className={cx('nhsuk-form-group', error && 'nhsuk-form-group--error')}>
      <label className={cx('nhsuk-label', bold && 'nhsuk-label--s')} htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      )}
      {children}
    </div>
  );
}

function describedBy(id: string, hint?: ReactNode, error?: string): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> & {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
  onValue?: (value: string) => void;
  onChange?: InputHTMLAttributes<HTMLInputElement>['onChange'];
  bold?: boolean;
};

export function TextInput({ label, hint, error, width, id, className, onValue, onChange, bold, ...rest }: InputProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <FieldShell id={inputId} label={label} hint={hint} error={error} bold={bold}>
      <input
        id={inputId}
        className={cx('nhsuk-input', width && `nhsuk-input--width-${width}`, error && 'nhsuk-input--error', className)}
        aria-describedby={describedBy(inputId, hint, error)}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          onChange?.(e);
          onValue?.(e.target.value);
        }}
        {...rest}
      />
    </FieldShell>
  );
}

type TextareaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange'> & { label: ReactNode; hint?: ReactNode; error?: string; onValue?: (value: string) => void; bold?: boolean };

export function Textarea({ label, hint, error, id, onValue, rows = 3, bold, ...rest }: TextareaProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <FieldShell id={inputId} label={label} hint={hint} error={error} bold={bold}>
      <textarea
        id={inputId}
        rows={rows}
        className={cx('nhsuk-textarea', error && 'nhsuk-textarea--error')}
        aria-describedby={describedBy(inputId, hint, error)}
        onChange={(e) => onValue?.(e.target.value)}
        {...rest}
      />
    </FieldShell>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange'> & {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: { value: string; label: string }[];
  onValue?: (value: string) => void;
  bold?: boolean;
};

export function Select({ label, hint, error, id, options, onValue, bold, ...rest }: SelectProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <FieldShell id={inputId} label={label} hint={hint} error={error} bold={bold}>
      <select id={inputId} className={cx('nhsuk-select', error && 'nhsuk-select--error')} aria-describedby={describedBy(inputId, hint, error)} onChange={(e) => onValue?.(e.target.value)} {...rest}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

interface Choice {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
  exclusive?: boolean;
}

/** The form group, fieldset, legend, hint and error message that radios and checkboxes share. */
function ChoiceFieldset({ id, legend, hint, error, legendSize, isPageHeading, children }: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  legendSize: 's' | 'm' | 'l' | 'xl';
  isPageHeading?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={cx('nhsuk-form-group', error && 'nhsuk-form-group--error')}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${legendSize}`}>
          {isPageHeading ? <h1 className="nhsuk-fieldset__heading" tabIndex={-1}>{legend}</h1> : legend}
        </legend>
        {hint && (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        {error && (
          <span className="nhsuk-error-message" id={`${id}-error`}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        )}
        {children}
      </fieldset>
    </div>
  );
}

/** Radios: `onValue` gets one of the choices' values, so a state typed by them needs no cast. */
export function Radios<V extends string = string>({ legend, hint, error, name, choices, value, onValue, inline, small, legendSize = 'm', isPageHeading }: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  name: string;
  choices: (Choice & { value: V })[];
  value: V | undefined;
  onValue: (value: V) => void;
  inline?: boolean;
  small?: boolean;
  legendSize?: 's' | 'm' | 'l' | 'xl';
  isPageHeading?: boolean;
}) {
  const id = useId();
  return (
    <ChoiceFieldset id={id} legend={legend} hint={hint} error={error} legendSize={legendSize} isPageHeading={isPageHeading}>
      <div className={cx('nhsuk-radios', inline && 'nhsuk-radios--inline', small && 'nhsuk-radios--small')}>
        {choices.map((choice, i) => (
          <div className="nhsuk-radios__item" key={choice.value}>
            <input
              className="nhsuk-radios__input"
              id={`${id}-${i}`}
              name={name}
              type="radio"
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onValue(choice.value)}
              aria-describedby={choice.hint ? `${id}-${i}-hint` : undefined}
            />
            <label className="nhsuk-label nhsuk-radios__label" htmlFor={`${id}-${i}`}>
              {choice.label}
            </label>
            {choice.hint && (
              <div className="nhsuk-hint nhsuk-radios__hint" id={`${id}-${i}-hint`}>
                {choice.hint}
              </div>
            )}
          </div>
        ))}
      </div>
    </ChoiceFieldset>
  );
}

export function Checkboxes({ legend, hint, error, name, choices, values, onValues, small, legendSize = 'm', isPageHeading }: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  name: string;
  choices: Choice[];
  values: string[];
  onValues: (values: string[]) => void;
  small?: boolean;
  legendSize?: 's' | 'm' | 'l' | 'xl';
  isPageHeading?: boolean;
}) {
  const id = useId();
  const toggle = (choice: Choice, on: boolean) => {
    if (!on) return onValues(values.filter((v) => v !== choice.value));
    if (choice.exclusive) return onValues([choice.value]);
    const exclusive = new Set(choices.filter((c) => c.exclusive).map((c) => c.value));
    onValues([...values.filter((v) => !exclusive.has(v)), choice.value]);
  };
  return (
    <ChoiceFieldset id={id} legend={legend} hint={hint} error={error} legendSize={legendSize} isPageHeading={isPageHeading}>
      <div className={cx('nhsuk-checkboxes', small && 'nhsuk-checkboxes--small')}>
        {choices.map((choice, i) => (
          <div className="nhsuk-checkboxes__item" key={choice.value}>
            {choice.exclusive && choices.length > 1 && i > 0 && <div className="nhsuk-checkboxes__divider">or</div>}
            <input
              className="nhsuk-checkboxes__input"
              id={`${id}-${i}`}
              name={name}
              type="checkbox"
              value={choice.value}
              checked={values.includes(choice.value)}
              onChange={(e) => toggle(choice, e.target.checked)}
            />
            <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`${id}-${i}`}>
              {choice.label}
            </label>
          </div>
        ))}
      </div>
    </ChoiceFieldset>
  );
}

/** The error summary at the top of a form: focused when it appears, links to each field. */
export function ErrorSummary({ error, fieldIds = {} }: { error: unknown; fieldIds?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const message = apiError?.message ?? (error instanceof Error ? error.message : String(error));
  const details: ErrorDetail[] = apiError?.details ?? [];
  return (
    <div className="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="nhsuk-error-summary__title" id="error-summary-title">
        There is a problem
      </h2>
      <div className="nhsuk-error-summary__body">
        <p>{message}</p>
        {details.length > 0 && (
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {details.map((d, i) => (
              <li key={i}>{fieldIds[d.path] ? <a href={`#${fieldIds[d.path]}`}>{d.message}</a> : <span>{d.path ? `${d.path}: ` : ''}{d.message}</span>}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

export type TagColour = 'white' | 'grey' | 'green' | 'aqua-green' | 'blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

export function Tag({ colour, children }: { colour?: TagColour; children: ReactNode }) {
  return <strong className={cx('nhsuk-tag', colour && `nhsuk-tag--${colour}`)}>{children}</strong>;
}

export function SummaryList({ rows, noBorder }: { rows: { key: ReactNode; value: ReactNode; action?: ReactNode }[]; noBorder?: boolean }) {
  return (
    <dl className={cx('nhsuk-summary-list', noBorder && 'nhsuk-summary-list--no-border')}>
      {rows.map((row, i) => (
        <div className="nhsuk-summary-list__row" key={i}>
          <dt className="nhsuk-summary-list__key">{row.key}</dt>
          <dd className="nhsuk-summary-list__value">{row.value}</dd>
          {row.action && <dd className="nhsuk-summary-list__actions">{row.action}</dd>}
        </div>
      ))}
    </dl>
  );
}

/** A responsive NHS table: on narrow screens each row becomes a card with the heading beside each value. */
export function Table<T>({ caption, columns, rows, rowKey, rowClass, empty = 'Nothing to show.' }: {
  caption?: ReactNode;
  columns: { heading: ReactNode; cell: (row: T) => ReactNode; numeric?: boolean }[];
  rows: T[];
  rowKey: (row: T) => string | number;
  rowClass?: (row: T) => string | undefined;
  empty?: ReactNode;
}) {
  if (rows.length === 0) return <p className="nhsuk-body">{empty}</p>;
  return (
    <div className="sp-table-scroll">
      <table className="nhsuk-table-responsive">
        {caption && <caption className="nhsuk-table__caption">{caption}</caption>}
        <thead className="nhsuk-table__head">
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={cx('nhsuk-table__header', c.numeric && 'nhsuk-table__header--numeric')}>
                {c.heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {rows.map((row) => (
            <tr className={cx('nhsuk-table__row', rowClass?.(row))} key={rowKey(row)}>
              {columns.map((c, i) => (
                <td key={i} className={cx('nhsuk-table__cell', c.numeric && 'nhsuk-table__cell--numeric')}>
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    {c.heading}{' '}
                  </span>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BackLink({ to, onClick, children = 'Back' }: { to?: string; onClick?: () => void; children?: ReactNode }) {
  return (
    <div className="nhsuk-back-link">
      {to ? (
        <Link className="nhsuk-back-link__link" to={to}>
          {children}
        </Link>
      ) : (
        <button type="button" className="nhsuk-back-link__link sp-link-button" onClick={onClick}>
          {children}
        </button>
      )}
    </div>
  );
}

export function InsetText({ children }: { children: ReactNode }) {
  return (
    <div className="nhsuk-inset-text">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      {children}
    </div>
  );
}

export function WarningCallout({ heading, children }: { heading: ReactNode; children: ReactNode }) {
  return (
    <div className="nhsuk-warning-callout">
      <h3 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {heading}
        </span>
      </h3>
      {children}
    </div>
  );
}

export function Card({ heading, children, feature, className, headingLevel = 2 }: { heading?: ReactNode; children: ReactNode; feature?: boolean; className?: string; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className={cx('nhsuk-card', feature && 'nhsuk-card--feature', className)}>
      <div className={cx('nhsuk-card__content', feature && 'nhsuk-card__content--feature')}>
        {heading && <H className={cx('nhsuk-card__heading', feature && 'nhsuk-card__heading--feature')}>{heading}</H>}
        {children}
      </div>
    </div>
  );
}

/** A card whose whole heading is a link. */
export function NavCard({ to, heading, children }: { to: string; heading: ReactNode; children?: ReactNode }) {
  return (
    <div className="nhsuk-card nhsuk-card--clickable">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m">
          <Link className="nhsuk-card__link" to={to}>
            {heading}
          </Link>
        </h2>
        {children && <div className="nhsuk-card__description">{children}</div>}
      </div>
    </div>
  );
}

export type CareCardKind = 'non-urgent' | 'urgent' | 'emergency';

export function CareCard({ kind, heading, children }: { kind: CareCardKind; heading: ReactNode; children: ReactNode }) {
  const label = kind === 'emergency' ? 'Immediate action required: ' : kind === 'urgent' ? 'Urgent advice: ' : 'Non-urgent advice: ';
  return (
    <div className={`nhsuk-card nhsuk-card--care nhsuk-card--care--${kind}`}>
      <div className="nhsuk-card--care__heading-container">
        <h2 className="nhsuk-card--care__heading">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">{label}</span>
            {heading}
          </span>
        </h2>
        <span className="nhsuk-card--care__arrow" aria-hidden="true"></span>
      </div>
      <div className="nhsuk-card__content">{children}</div>
    </div>
  );
}

export function Details({ summary, children, open, onToggle }: { summary: ReactNode; children: ReactNode; open?: boolean; onToggle?: (open: boolean) => void }) {
  return (
    <details className="nhsuk-details" open={open} onToggle={(e) => onToggle?.((e.target as HTMLDetailsElement).open)}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">{summary}</span>
      </summary>
      <div className="nhsuk-details__text">{children}</div>
    </details>
  );
}

export function Panel({ heading, children }: { heading: ReactNode; children?: ReactNode }) {
  return (
    <div className="nhsuk-panel nhsuk-panel--confirmation">
      <h1 className="nhsuk-panel__title" tabIndex={-1}>{heading}</h1>
      {children && <div className="nhsuk-panel__body">{children}</div>}
    </div>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="nhsuk-body sp-loading" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

export function LoadError({ error, retry }: { error: ApiError | null; retry?: () => void }) {
  if (!error) return null;
  return (
    <div className="nhsuk-error-summary" role="alert">
      <h2 className="nhsuk-error-summary__title">Could not load this</h2>
      <div className="nhsuk-error-summary__body">
        <p>{error.message}</p>
        {retry && (
          <Button variant="secondary" small onClick={retry}>
            Try again
          </Button>
        )}
      </div>
    </div>
  );
}

/** A polite live region for status changes that sighted users see elsewhere on the screen. */
export function LiveMessage({ message }: { message: string }) {
  return (
    <p className="nhsuk-u-visually-hidden" role="status" aria-live="polite">
      {message}
    </p>
  );
}

export function PageHeading({ children, caption }: { children: ReactNode; caption?: ReactNode }) {
  return (
    <h1 className="nhsuk-heading-l" tabIndex={-1}>
      {caption && <span className="nhsuk-caption-l">{caption}<span className="nhsuk-u-visually-hidden"> - </span></span>}
      {children}
    </h1>
  );
}
