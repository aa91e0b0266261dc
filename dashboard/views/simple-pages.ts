/**
 * Small pages: sign-in (when a token protects the dashboard) and the HTML form of an error, for
 * browsers that navigated to a page rather than calling the API.
 */
import { html, type Html } from './html.ts'
import { layout } from './layout.ts'

export function loginPage(d: { nonce: string; next: string; failed: boolean }): Html {
  return layout(
    { title: 'Sign in', nonce: d.nonce },
    html`<main class="login">
      <h1>Sign in</h1>
      ${d.failed ? html`<p class="error" role="alert">That token is not valid.</p>` : ''}
      <form method="post" action="/login">
        <input type="hidden" name="next" value="${d.next}" />
        <label
          >Dashboard token
          <input type="password" name="token" required autocomplete="current-password"
        /></label>
        <button type="submit">Sign in</button>
      </form>
    </main>` as Html,
  )
}

export function errorPage(d: {
  nonce: string
  status: number
  title: string
  detail: string
}): Html {
  return layout(
    { title: d.title, nonce: d.nonce },
    html`<main class="error-page">
      <h1>${d.status} ${d.title}</h1>
      <p>${d.detail}</p>
      <p><a href="/">Back to the overview</a></p>
    </main>` as Html,
  )
}
