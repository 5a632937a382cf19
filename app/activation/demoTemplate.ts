/** The template the demo renders for every segment: a greeting and the segment's products. */
export const DEMO_TEMPLATE = {
  subject: "{{ first_name | default: \"Hello\" }}, new in at {{shop_name}}",
  mjml: `<mjml lang="en-GB">
  <mj-head>
    <mj-title>New in for you</mj-title>
    <mj-preview>Picked for customers like you</mj-preview>
    <mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /></mj-attributes>
  </mj-head>
  <mj-body background-color="#faf7f2">
    <mj-section background-color="#ffffff" padding="24px 16px 0">
      <mj-column>
        <mj-text font-size="22px" color="#1f2937">Hello {{ first_name | default: "there" }},</mj-text>
        <mj-text font-size="15px" line-height="22px" color="#4b5563">New in at {{shop_name}}: what customers like you have been choosing.</mj-text>
      </mj-column>
    </mj-section>
    <mj-wrapper background-color="#ffffff" padding="0 8px 16px">
      <mj-product-feed count="6" columns="3" />
    </mj-wrapper>
    <mj-section padding="16px">
      <mj-column>
        <mj-text font-size="12px" color="#6b7280" align="center">You receive this because you shop at {{shop_name}}.</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`,
};
