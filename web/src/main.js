import { createApp } from 'vue'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { installElement } from './element.js'
import { router } from './router.js'
import './styles.css'

const app = createApp(App)
installElement(app)
app.use(router)
app.mount('#app')
