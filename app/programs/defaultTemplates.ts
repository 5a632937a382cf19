// A starting template per kind, so a program can be switched on before the
// merchant has written one; edited like any other template afterwards.

import type { TemplateSource } from "../activation/compileTemplate.ts";
import type { ProgramKindName } from "./programKinds.ts";

const body = (heading: string, text: string, button: string) => `<mjml lang="en">
  <mj-body>
    <mj-section><mj-column>
      <mj-text font-size="20px">${heading}</mj-text>
      <mj-text>${text}</mj-text>
    </mj-column></mj-section>
    <mj-product-feed count="4" columns="2" button-text="${button}" show-reason="true" />
    <mj-section><mj-column><mj-text font-size="12px">{{shop_name}}</mj-text></mj-column></mj-section>
  </mj-body>
</mjml>`;

export const DEFAULT_PROGRAM_TEMPLATES: Record<ProgramKindName, TemplateSource> = {
  post_purchase: { subject: "Thank you for your order, {{ first_name | default: \"friend\" }}", mjml: body("Thank you, {{ first_name | default: \"friend\" }}!", "Your order is on its way. Here is what you bought:", "View") },
  first_to_repeat: { subject: "Ready for another, {{ first_name | default: \"friend\" }}?", mjml: body("Hello again, {{ first_name | default: \"friend\" }}", "It has been a little while since your first order. Fancy another?", "Shop again") },
  cross_sell: { subject: "Goes well with your order", mjml: body("Picked to go with your order", "Customers who bought what you bought also loved these:", "Take a look") },
  replenishment: { subject: "Running low, {{ first_name | default: \"friend\" }}?", mjml: body("Time for a refill?", "By our count you may be running low on these:", "Reorder") },
  on_the_brink: { subject: "We have missed you, {{ first_name | default: \"friend\" }}", mjml: body("It has been a while", "Your favourites are still here:", "Shop now") },
  win_back: { subject: "Come back for your favourites", mjml: body("We would love to see you again", "Here are the things you liked most:", "Shop now") },
  abandoned_cart: { subject: "You left something in your cart", mjml: body("Still thinking it over?", "Your cart is saved. Here is what you left behind:", "Back to your cart") },
  abandoned_checkout: { subject: "Your checkout is waiting", mjml: body("Almost there, {{ first_name | default: \"friend\" }}", "You were a step away. These are still waiting for you:", "Complete your order") },
};
