package io.middlemile.web.console;

import io.middlemile.web.ApiTokens;
import io.middlemile.web.Callers;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** Signing in with a token, and the page for a request the caller's token may not make. */
@Controller
// the tokens exist only where the engine serves HTTP (`middlemile run`)
@ConditionalOnWebApplication
class LoginPage {

    private final ApiTokens tokens;

    LoginPage(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping(ConsoleSecurity.LOGIN)
    String login(Model model, @RequestParam(required = false) String error, @RequestParam(required = false) String agent,
                 @RequestParam(name = "signed-out", required = false) String out) {
        model.addAttribute("off", !tokens.enabled());
        model.addAttribute("failed", error != null);
        model.addAttribute("agentToken", agent != null);
        model.addAttribute("signedOut", out != null);
        return "console/login";
    }

    /**
     * Spring Security forwards here, keeping the refused request's method, so this page answers any method. The message
     * names the request that was refused (the forward's own address is this page's) and why: a form without its CSRF
     * token, a read-only token acting, or an AI agent's token, which the console is not for.
     */
    @RequestMapping("/console/denied")
    ModelAndView denied(HttpServletRequest request, Authentication caller) {
        Object refusal = request.getAttribute(WebAttributes.ACCESS_DENIED_403);
        Object forwarded = request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI);
        String refused = request.getMethod() + " " + (forwarded != null ? forwarded : request.getRequestURI());
        String who = caller == null ? "unknown" : caller.getName();
        String message = refusal instanceof CsrfException
                ? "The form was sent without a valid CSRF token: the page was older than your session, or the form came from"
                + " another site. Nothing was changed. Open the page again and send the form from there."
                : Callers.agent(caller)
                ? "This is an AI agent's token (" + who + "): it reaches only the agent gateway (/mcp, /api/actions), not " + refused
                + ". Sign out, and sign in with a person's token from MIDDLEMILE_API_TOKENS."
                : caller != null && tokens.readOnly(caller.getName())
                ? "Your token (" + who + ") is read-only (MIDDLEMILE_API_READ_ONLY): it may look at every page, not " + refused
                + ". Nothing was changed. Sign in with an operator's token to approve, reject, roll back, run jobs or turn the"
                + " kill switch."
                : "Your token (" + who + ") may not " + refused + ". Nothing was changed.";
        return ConsoleModel.problem(HttpStatus.FORBIDDEN, message);
    }
}
