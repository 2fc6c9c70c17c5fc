{{%AUTOESCAPE context="HTML"}}
{{!-- banner.tpl: open incidents and maintenance that has not ended, above a page's numbers (page_incident_banner); nothing when there is none. --}}
{{#OPEN_INCIDENTS}}<section class="incident-banner" aria-labelledby="incident-banner-h" role="status">
<h2 id="incident-banner-h">{{T_incidents_banner_heading}}</h2>
<ul class="incident-list">{{#INCIDENT}}<li class="incident sev-{{SEVERITY}}" data-incident="{{ID}}" data-severity="{{SEVERITY}}"><span class="sev-tag sev-{{SEVERITY}}"><span class="icon" aria-hidden="true"></span>{{SEVERITY_LABEL}}</span> <a href="{{HREF}}">{{NAME}}</a> <span class="subject">{{SUBJECT}}</span> <span class="since" data-started="{{STARTED_ISO}}" data-duration="{{DURATION_SECS}}">{{SINCE}}</span></li>
{{/INCIDENT}}</ul>
</section>{{/OPEN_INCIDENTS}}
{{#MAINTENANCE}}<section class="maintenance-banner" aria-labelledby="maintenance-banner-h">
<h2 id="maintenance-banner-h">{{T_maintenance_heading}}</h2>
<ul class="maintenance-list">{{#WINDOW}}<li class="maintenance" data-state="{{STATE}}"><span class="tag">{{#ACTIVE}}{{T_maintenance_active}}{{/ACTIVE}}{{#UPCOMING}}{{T_maintenance_upcoming}}{{/UPCOMING}}{{#ENDED}}{{T_maintenance_ended}}{{/ENDED}}</span> <strong class="maintenance-title">{{TITLE}}</strong> <time datetime="{{STARTS_ISO}}">{{WHEN}}</time>
<span class="concerns">{{T_maintenance_concerns}} {{#TARGET}}{{#LINK}}<a href="{{HREF}}">{{NAME}}</a>{{/LINK}}{{#PLAIN}}{{NAME}}{{/PLAIN}}{{#TARGET_separator}}, {{/TARGET_separator}}{{/TARGET}}</span>
{{#NOTE}}<p class="note">{{NOTE}}</p>{{/NOTE}}</li>
{{/WINDOW}}</ul>
</section>{{/MAINTENANCE}}
{{#INCIDENTS_UNAVAILABLE}}<p class="notice">{{T_incidents_unavailable}}</p>{{/INCIDENTS_UNAVAILABLE}}
<p class="incidents-link"><a href="{{INCIDENTS_HREF}}">{{T_incidents_historyLink}}</a> · <a href="{{FEED_HREF}}" type="application/atom+xml">{{T_feed_subscribe}}</a></p>
