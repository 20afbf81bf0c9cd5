import { Link } from '../lib/router';

export function NotFound() {
  return (
    <>
      <h1 className="nhsuk-heading-l">Page not found</h1>
      <p className="nhsuk-body">
        If you typed the web address, check it is correct. <Link to="/">Go to your home page</Link>.
      </p>
    </>
  );
}
