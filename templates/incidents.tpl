{{%AUTOESCAPE context="HTML"}}
{{!-- incidents.tpl: the history of incidents (newest first, filtered by provider and model, paginated) and the maintenance windows. --}}
{{>HEAD}}
<p class="crumbs"><a href="{{HOME}}">{{T_modelPage_back}}</a></p>
<section class="intro">
<h1>{{T_incidents_title}}</h1>
<p class="subtitle">{{T_incidents_subtitle}}</p>
<p class="meta"><span class="source source-{{SOURCE}}">{{T_header_dataSource}}: <strong>{{SOURCE_LABEL}}</strong></span>
<span class="updated"><time datetime="{{UPDATED_ISO}}">{{UPDATED}}</time></span>
{{#DEMO}}<strong class="tag demo">{{T_demo_label}}</strong>{{/DEMO}}</p>
{{#FALLBACK}}<p class="notice warning" role="status">{{FALLBACK_NOTICE}}</p>{{/FALLBACK}}
{{#INCIDENTS_UNAVAILABLE}}<p class="notice warning" role="status" id="incidents-unavailable">{{T_incidents_unavailable}}</p>{{/INCIDENTS_UNAVAILABLE}}
</section>

<section aria-labelledby="history-h">
<h2 id="history-h">{{T_incidents_historyHeading}}</h2>
<form class="filters" method="get" action="{{BASE}}/{{LANG}}/incidents">
<label>{{T_models_filters_provider}} <select name="provider"><option value="">{{T_models_filters_all}}</option>{{#PROVIDER_OPTION}}<option value="{{SLUG}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/PROVIDER_OPTION}}</select></label>
<label>{{T_models_model}} <select name="model"><option value="">{{T_models_filters_all}}</option>{{#MODEL_OPTION}}<option value="{{SLUG}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/MODEL_OPTION}}</select></label>
<button type="submit">{{T_models_filters_apply}}</button>
</form>
<p class="feeds"><a href="{{BASE}}/{{LANG}}/feed.atom" type="application/atom+xml">{{T_feed_subscribe}}</a>{{#PROVIDER_FEED}} · <a href="{{HREF}}" type="application/atom+xml">{{T_feed_subscribeProvider}} {{NAME}}</a>{{/PROVIDER_FEED}}</p>
{{#INCIDENT_LIST}}<div class="table-wrap cards-on-phone" tabindex="0" role="region" aria-labelledby="history-h">
<table class="models incidents" id="incident-table">
<thead><tr><th scope="col">{{T_incidents_col_incident}}</th><th scope="col">{{T_incidents_col_severity}}</th><th scope="col">{{T_incidents_col_started}}</th><th scope="col">{{T_incidents_col_ended}}</th><th scope="col" class="num">{{T_incidents_col_duration}}</th><th scope="col">{{T_incidents_col_source}}</th></tr></thead>
<tbody>{{#INCIDENT}}<tr data-incident="{{ID}}" data-severity="{{SEVERITY}}" data-source="{{INCIDENT_SOURCE}}">
<th scope="row"><a href="{{HREF}}">{{NAME}}</a><br><small class="subject">{{SUBJECT}}</small></th>
<td data-label="{{T_incidents_col_severity}}"><span class="sev-tag sev-{{SEVERITY}}"><span class="icon" aria-hidden="true"></span>{{SEVERITY_LABEL}}</span></td>
<td data-label="{{T_incidents_col_started}}"><time datetime="{{STARTED_ISO}}">{{STARTED}}</time></td>
<td data-label="{{T_incidents_col_ended}}">{{#ENDED}}<time datetime="{{ENDED_AT_ISO}}">{{ENDED_AT}}</time>{{/ENDED}}{{#ONGOING}}<strong class="ongoing">{{ONGOING_LABEL}}</strong>{{/ONGOING}}</td>
<td class="num" data-label="{{T_incidents_col_duration}}" data-duration="{{DURATION_SECS}}">{{DURATION}}</td>
<td data-label="{{T_incidents_col_source}}">{{INCIDENT_SOURCE_LABEL}}</td>
</tr>
{{/INCIDENT}}{{#NO_INCIDENTS}}<tr><td colspan="6" id="no-incidents">{{T_incidents_none}}</td></tr>{{/NO_INCIDENTS}}</tbody>
</table>
</div>{{/INCIDENT_LIST}}
{{#PAGES}}<nav class="pages" aria-label="{{T_incidents_pagesLabel}}">
<p id="incidents-page-range">{{RANGE_TEXT}}</p>
<ul>
{{#PREV}}<li><a rel="prev" href="{{HREF}}">{{T_models_pages_previous}}</a></li>{{/PREV}}
{{#NEXT}}<li><a rel="next" href="{{HREF}}">{{T_models_pages_next}}</a></li>{{/NEXT}}
</ul>
</nav>
{{/PAGES}}</section>

{{#MAINTENANCE_LIST}}<section aria-labelledby="maintenance-h">
<h2 id="maintenance-h">{{T_maintenance_listHeading}}</h2>
<ul class="maintenance-list" id="maintenance-list">{{#WINDOW}}<li class="maintenance" data-state="{{STATE}}"><span class="tag">{{#ACTIVE}}{{T_maintenance_active}}{{/ACTIVE}}{{#UPCOMING}}{{T_maintenance_upcoming}}{{/UPCOMING}}{{#ENDED}}{{T_maintenance_ended}}{{/ENDED}}</span> <strong class="maintenance-title">{{TITLE}}</strong> <time datetime="{{STARTS_ISO}}">{{WHEN}}</time>
<span class="concerns">{{T_maintenance_concerns}} {{#TARGET}}{{#LINK}}<a href="{{HREF}}">{{NAME}}</a>{{/LINK}}{{#PLAIN}}{{NAME}}{{/PLAIN}}{{#TARGET_separator}}, {{/TARGET_separator}}{{/TARGET}}</span>
{{#NOTE}}<p class="note">{{NOTE}}</p>{{/NOTE}}</li>
{{/WINDOW}}{{#NO_MAINTENANCE}}<li id="no-maintenance">{{T_maintenance_none}}</li>{{/NO_MAINTENANCE}}</ul>
</section>{{/MAINTENANCE_LIST}}
{{>FOOT}}
