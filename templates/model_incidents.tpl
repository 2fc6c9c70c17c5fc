{{%AUTOESCAPE context="HTML"}}
{{!-- model_incidents.tpl: a model's recent incidents on its page (page_model.c), linking to their pages. --}}
<section aria-labelledby="model-incidents-h" id="model-incidents">
<h2 id="model-incidents-h">{{T_incidents_modelHeading}}</h2>
{{#MARKED}}<p class="chart-note">{{T_incidents_chartMarked}}</p>{{/MARKED}}
{{#UNAVAILABLE}}<p class="notice">{{T_incidents_unavailable}}</p>{{/UNAVAILABLE}}
<ul class="incident-list">{{#INCIDENT}}<li class="incident sev-{{SEVERITY}}" data-incident="{{ID}}" data-severity="{{SEVERITY}}"><span class="sev-tag sev-{{SEVERITY}}"><span class="icon" aria-hidden="true"></span>{{SEVERITY_LABEL}}</span> <a href="{{HREF}}">{{NAME}}</a> <time datetime="{{STARTED_ISO}}">{{STARTED}}</time> – {{#ENDED}}<time datetime="{{ENDED_AT_ISO}}">{{ENDED_AT}}</time>{{/ENDED}}{{#ONGOING}}<strong class="ongoing">{{ONGOING_LABEL}}</strong>{{/ONGOING}} ({{DURATION}})</li>
{{/INCIDENT}}{{#NONE}}<li>{{T_incidents_noneForModel}}</li>{{/NONE}}</ul>
<p class="incidents-link"><a href="{{INCIDENTS_HREF}}">{{T_incidents_allForModel}}</a> · <a href="{{FEED_HREF}}" type="application/atom+xml">{{T_feed_subscribeProvider}} {{PROVIDER}}</a></p>
</section>
