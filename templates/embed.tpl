{{%AUTOESCAPE context="HTML"}}
{{!-- embed.tpl: the card /embed/{model} and /embed/provider/{slug} serve for other sites to frame: status in words, colour and icon, the numbers, and a link to the full page. --}}
<!DOCTYPE html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>{{TITLE}} · {{T_site_name}}</title>
<link rel="stylesheet" href="{{BASE}}/static/style.css">
</head>
<body class="embed">
<div class="embed-card{{#NOT_FOUND}} embed-missing{{/NOT_FOUND}}" data-status="{{STATUS}}" data-source="{{SOURCE}}">
{{#FOUND}}<header>
<h1><a href="{{FULL_HREF}}" target="_blank" rel="noopener">{{NAME}}</a></h1>
{{#PROVIDER_NAME}}<p class="embed-provider">{{PROVIDER}}</p>{{/PROVIDER_NAME}}
</header>
<p class="embed-status"><span class="status s-{{STATUS}}"><span class="icon" aria-hidden="true"></span>{{STATUS_LABEL}}</span></p>
<dl class="embed-facts">
{{#MODEL_FACTS}}<div><dt>{{T_embed_availability24h}}</dt><dd data-raw="{{AVAILABILITY_RAW}}">{{AVAILABILITY}}</dd></div>
<div><dt>{{T_embed_latency}}</dt><dd data-raw="{{LATENCY_RAW}}">{{LATENCY}}</dd></div>
{{/MODEL_FACTS}}{{#PROVIDER_FACTS}}<div><dt>{{T_embed_models}}</dt><dd data-raw="{{OPERATIONAL_RAW}}/{{ACTIVE_RAW}}">{{MODELS_OPERATIONAL}}</dd></div>
{{/PROVIDER_FACTS}}<div><dt>{{T_embed_lastCheck}}</dt><dd>{{#CHECKED}}<time datetime="{{CHECKED_ISO}}" title="{{CHECKED_ABS}}">{{CHECKED_REL}}</time>{{/CHECKED}}{{#NEVER}}{{NEVER_LABEL}}{{/NEVER}}</dd></div>
</dl>
{{/FOUND}}{{#NOT_FOUND}}<h1>{{T_embed_notFoundTitle}}</h1>
<p>{{T_embed_notFoundText}} <code>{{SLUG}}</code></p>
{{/NOT_FOUND}}{{#FALLBACK}}<p class="notice warning" role="status">{{FALLBACK_NOTICE}}</p>{{/FALLBACK}}
{{#UNAVAILABLE}}<p class="notice error" role="alert">{{T_monitoring_unavailable}}</p>{{/UNAVAILABLE}}
<footer><a href="{{FULL_HREF}}" target="_blank" rel="noopener">{{T_embed_openFull}}</a> · <span>{{T_site_name}}</span>{{#DEMO}} · <strong class="tag demo" title="{{T_demo_notice}}">{{T_demo_label}}</strong>{{/DEMO}}</footer>
</div>
</body>
</html>
