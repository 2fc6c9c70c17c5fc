{{%AUTOESCAPE context="HTML"}}
{{!-- provider_status.tpl: the providers, each with a link to its official status page and what that page says, beside what we measure (monitoring page). --}}
<section id="provider-status" aria-labelledby="provider-status-h">
<h2 id="provider-status-h">{{T_providerStatus_heading}}</h2>
<p class="subtitle">{{T_providerStatus_intro}}</p>
<ul class="provider-status">
{{#PROVIDER}}<li data-provider="{{SLUG}}">{{NAME}}{{#STATUS_PAGE}} · <a href="{{HREF:U=html}}" rel="external noopener">{{T_providerStatus_officialPage}}</a>{{/STATUS_PAGE}}{{#SAYS}} · {{>PROVIDER_SAYS}}{{/SAYS}}</li>
{{/PROVIDER}}</ul>
</section>
